/**
 * Port checks for local mode: is a port free on 127.0.0.1, which configured ports clash or are taken,
 * and a free port for tests. Each problem names the variable to change.
 */
import net from "node:net";

export interface PortRequest {
  /** Environment variable that sets it, e.g. PLAYGROUND_PORT. */
  variable: string;
  /** What listens there, e.g. "the Agents Playground". */
  what: string;
  port: number;
}

/** Pure: ports that two services would share (port 0 means "any free port" and never clashes). */
export function findPortClashes(requests: readonly PortRequest[]): string[] {
  const problems: string[] = [];
  const byPort = new Map<number, PortRequest[]>();
  for (const r of requests) {
    if (r.port === 0) continue;
    byPort.set(r.port, [...(byPort.get(r.port) ?? []), r]);
  }
  for (const [port, rs] of byPort) {
    if (rs.length > 1) {
      problems.push(`${rs.map((r) => r.variable).join(" and ")}: all set to port ${port}; give each a different port`);
    }
  }
  return problems;
}

/** Resolves true when `port` can be bound on `host` right now (the probe is closed again at once). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Every clash or busy port as a message that says which variable to change. Empty when all is well. */
export async function checkPorts(requests: readonly PortRequest[], host = "127.0.0.1"): Promise<string[]> {
  const problems = findPortClashes(requests);
  if (problems.length > 0) return problems;
  for (const r of requests) {
    if (r.port === 0) continue;
    if (!(await isPortFree(r.port, host))) {
      problems.push(`${r.variable}: port ${r.port} (${r.what}) is already in use; stop what uses it or set ${r.variable} to a free port`);
    }
  }
  return problems;
}

/** A port that was free a moment ago on `host` (for tests and for children that need a port before they start). */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not determine a free port"))));
    });
  });
}
