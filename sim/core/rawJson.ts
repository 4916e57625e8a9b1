/**
 * A response body already serialised as JSON (text or UTF-8 bytes). Hot paths (managedDevices pages) write their JSON
 * directly; the server sends it as is. Anything that needs the value (a $batch item, the truncatePage fault, a test)
 * gets it back with `jsonValue` — and `JSON.stringify` of an enclosing object embeds it through `toJSON`.
 */
export class RawJson {
  constructor(readonly json: string | Buffer) {}

  get text(): string {
    return typeof this.json === "string" ? this.json : this.json.toString("utf8");
  }

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

/** The JSON value of a response body: parses a RawJson, returns anything else unchanged. */
export function jsonValue(body: unknown): unknown {
  return body instanceof RawJson ? body.toJSON() : body;
}

/**
 * Appends JSON to a growing byte buffer: pre-encoded constants and strings of JSON text (one native UTF-8 write
 * each). Avoids building, and later flattening, a page-sized concatenated string on hot paths.
 */
export class JsonBytes {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Pre-encoded bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string of JSON text (e.g. a whole entity), as UTF-8: one native write (cheaper than many small ones). */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** The bytes written so far (a view on the buffer). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Pre-encodes a constant. */
export const bytesOf = (s: string): Buffer => Buffer.from(s, "utf8");
