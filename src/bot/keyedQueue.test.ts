import { createKeyedQueue } from "./keyedQueue";

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("keyed queue", () => {
  it("runs work of one key in order, one at a time, and other keys in parallel", async () => {
    const q = createKeyedQueue();
    const log: string[] = [];
    const gateA1 = deferred();
    const a1 = q.run("a", async () => {
      log.push("a1 start");
      await gateA1.promise;
      log.push("a1 end");
      return 1;
    });
    const a2 = q.run("a", () => {
      log.push("a2 start");
      return Promise.resolve(2);
    });
    const b1 = q.run("b", () => {
      log.push("b1");
      return Promise.resolve(3);
    });
    await b1;
    expect(log).toEqual(["a1 start", "b1"]);
    gateA1.resolve();
    expect(await Promise.all([a1, a2, b1])).toEqual([1, 2, 3]);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2 start"]);
  });

  it("a failure is returned to its caller and does not block the next work", async () => {
    const q = createKeyedQueue();
    const failed = q.run("k", () => Promise.reject(new Error("boom")));
    const next = q.run("k", () => Promise.resolve("ok"));
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });

  it("forgets keys once drained", async () => {
    const q = createKeyedQueue();
    await Promise.all([q.run("x", () => Promise.resolve()), q.run("y", () => Promise.resolve())]);
    await new Promise<void>((r) => setImmediate(r));
    expect(q.size).toBe(0);
  });
});
