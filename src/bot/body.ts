/**
 * Reads a JSON request body ourselves instead of restify's bodyParser, whose gunzip stream has no error listener: a
 * POST with `Content-Encoding: gzip` and a body that is not gzip threw Z_DATA_ERROR unhandled and the process exited
 * (before authentication, so in azure mode too). Here every failure is an answer: 400 (not JSON, not valid gzip /
 * deflate), 413 (over the limit, compressed or decompressed: no gzip bomb), 415 (another content encoding).
 */
import type { IncomingMessage } from "node:http";
import type { Transform } from "node:stream";
import zlib from "node:zlib";

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; reason: string };

/** Pure: does this Content-Type carry JSON? (application/json, application/*+json, with parameters). */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** Pure: the decoder for a Content-Encoding, "identity" when none, or undefined when unsupported. */
export function decoderFor(header: string | undefined): "identity" | "gzip" | "deflate" | undefined {
  const v = (header ?? "").trim().toLowerCase();
  if (v === "" || v === "identity") return "identity";
  if (v === "gzip" || v === "x-gzip") return "gzip";
  if (v === "deflate") return "deflate";
  return undefined;
}

/** Pure: the JSON value of a body text, or why not. */
export function parseJsonBody(text: string, contentType: string | undefined): BodyResult {
  if (!isJsonContentType(contentType)) return { ok: false, status: 400, reason: "content type is not application/json" };
  if (text.trim() === "") return { ok: false, status: 400, reason: "empty body" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, reason: "body is not JSON" };
  }
}

export function readJsonBody(req: IncomingMessage, opts: { maxBytes: number }): Promise<BodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const decoding = decoderFor(req.headers["content-encoding"]);
    if (decoding === undefined) {
      req.resume();
      finish({ ok: false, status: 415, reason: "unsupported content encoding" });
      return;
    }
    const tooLarge: BodyResult = { ok: false, status: 413, reason: "body too large" };
    let received = 0;
    let decodedBytes = 0;
    const chunks: Buffer[] = [];
    const collect = (chunk: Buffer): void => {
      decodedBytes += chunk.length;
      if (decodedBytes > opts.maxBytes) {
        finish(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    const done = (): void => finish(parseJsonBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]));

    let decoder: Transform | undefined;
    if (decoding !== "identity") {
      decoder = decoding === "gzip" ? zlib.createGunzip() : zlib.createInflate();
      decoder.on("data", (c: Buffer) => {
        collect(c);
        if (settled) decoder?.destroy();
      });
      decoder.on("error", () => finish({ ok: false, status: 400, reason: `body is not valid ${decoding}` }));
      decoder.once("end", done);
    }
    req.on("data", (chunk: Buffer) => {
      if (settled) return; // keep draining so the answer can be sent
      received += chunk.length;
      if (received > opts.maxBytes) {
        finish(tooLarge);
        decoder?.destroy();
        return;
      }
      if (decoder) decoder.write(chunk);
      else collect(chunk);
    });
    req.once("end", () => {
      if (settled) return;
      if (decoder) decoder.end();
      else done();
    });
    req.once("error", () => finish({ ok: false, status: 400, reason: "request aborted" }));
  });
}
