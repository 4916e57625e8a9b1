/**
 * A stand-in for the Azure Key Vault secrets data plane (one vault), over HTTPS on loopback with the simulator's
 * certificate, for contract tests of the product's Key Vault secret store through the real @azure/keyvault-secrets
 * SDK. As Microsoft documents it (https://learn.microsoft.com/rest/api/keyvault/secrets/):
 * - every operation needs `api-version` (https://learn.microsoft.com/rest/api/keyvault/#api-version);
 * - authentication is the challenge protocol (https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses):
 *   a request without a valid bearer token gets 401 with
 *   `WWW-Authenticate: Bearer authorization="<login>/<tenant>", resource="https://vault.azure.net"`; the SDK then
 *   gets a token for `https://vault.azure.net/.default` in that tenant (from the simulator's Entra) and sends again;
 * - `PUT /secrets/{name}` (Set Secret: a new version), `GET /secrets/{name}/{version?}` (Get Secret),
 *   `DELETE /secrets/{name}` (Delete Secret: soft delete, always on), `GET /deletedsecrets/{name}`,
 *   `POST /deletedsecrets/{name}/recover`, `DELETE /deletedsecrets/{name}` (purge);
 * - names `^[0-9a-zA-Z-]{1,127}$`, case-insensitive (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#objects-identifiers-and-versioning);
 *   a deleted secret's name cannot be reused until it is recovered or purged (409, ObjectIsDeletedButRecoverable).
 * Tokens are checked with the simulator's TokenService (signature, audience, expiry against the simulator's clock).
 */
import { randomBytes } from "node:crypto";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenService } from "../core/tokens";

export const KEY_VAULT_RESOURCE = "https://vault.azure.net";
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const MAX_VALUE_BYTES = 25 * 1024;

interface Version {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  created: number;
  updated: number;
}
interface SecretRecord {
  name: string;
  versions: Version[];
  deletedDate?: number;
}

export interface KeyVaultStandIn {
  /** The vault URI, e.g. https://127.0.0.1:50123 */
  url: string;
  /** Every secret value ever set (what a secret scanner must never find in logs). */
  issuedValues(): string[];
  /** Names of live (not deleted) secrets, lower-case. */
  names(): string[];
  /** Requests answered 401 (the challenge) so far. */
  challenges(): number;
  stop(): Promise<void>;
}

export interface KeyVaultOptions {
  cert: { cert: string; key: string };
  tokens: TokenService;
  /** The tenant the challenge points to, and the only one whose tokens are accepted. */
  tenantId: string;
  /** The simulator's login URL (the challenge's `authorization`). */
  loginUrl: string;
  now?: () => Date;
}

type Json = Record<string, unknown>;

export async function startKeyVaultStandIn(opts: KeyVaultOptions): Promise<KeyVaultStandIn> {
  const now = opts.now ?? (() => new Date());
  const secrets = new Map<string, SecretRecord>();
  const issued = new Set<string>();
  let challenges = 0;
  let url = "";

  const send = (res: ServerResponse, status: number, body?: Json, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { ...(body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}), "x-ms-keyvault-service-version": "1.9.0.0", ...headers });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, inner?: string): void =>
    send(res, status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } });

  const challenge = (res: ServerResponse, message: string): void => {
    challenges++;
    error(res, 401, "Unauthorized", message);
  };

  const authorized = (req: IncomingMessage): { ok: true } | { ok: false; message: string } => {
    const h = req.headers.authorization;
    if (typeof h !== "string" || !/^Bearer\s+\S+$/i.test(h)) return { ok: false, message: "AKV10000: Request is missing a Bearer or PoP token." };
    const v = opts.tokens.verify(h.replace(/^Bearer\s+/i, ""));
    if (!v.ok) return { ok: false, message: "AKV10022: Invalid audience or signature." };
    const aud = v.claims.aud.replace(/\/+$/, "").toLowerCase();
    if (aud !== KEY_VAULT_RESOURCE && aud !== "cfa8b339-82a2-471a-a3c9-0fc0be7a4093") return { ok: false, message: `AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}, found: ${v.claims.aud}.` };
    if (v.claims.exp * 1000 <= now().getTime()) return { ok: false, message: "AKV10032: Invalid issuer or token expired." };
    if (v.claims.tid.toLowerCase() !== opts.tenantId.toLowerCase()) return { ok: false, message: "AKV10032: Invalid issuer. Expected one of the vault's tenant." };
    return { ok: true };
  };

  const bundle = (r: SecretRecord, v: Version): Json => ({
    value: v.value,
    id: `${url}/secrets/${r.name}/${v.version}`,
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    ...(v.tags !== undefined ? { tags: v.tags } : {}),
    attributes: { enabled: true, created: v.created, updated: v.updated, recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90 },
  });
  const deletedBundle = (r: SecretRecord): Json => {
    const v = r.versions[r.versions.length - 1];
    const { value: _value, ...rest } = bundle(r, v);
    const deleted = r.deletedDate ?? 0;
    return { ...rest, recoveryId: `${url}/deletedsecrets/${r.name}`, deletedDate: deleted, scheduledPurgeDate: deleted + 90 * 86_400 };
  };
  const notFound = (res: ServerResponse, name: string): void =>
    error(res, 404, "SecretNotFound", `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`);

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= 256 * 1024) chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? "/", "https://127.0.0.1");
    const body = await readBody(req);
    const auth = authorized(req);
    if (!auth.ok) {
      // The challenge: where to get a token, for which resource.
      res.setHeader("WWW-Authenticate", `Bearer authorization="${opts.loginUrl.replace(/\/+$/, "")}/${opts.tenantId}", resource="${KEY_VAULT_RESOURCE}"`);
      return challenge(res, auth.message);
    }
    if (!u.searchParams.get("api-version")) return error(res, 400, "BadParameter", "The request URI contains an invalid or missing 'api-version' parameter.");
    const parts = u.pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
    const [collection, rawName, sub] = parts;
    if ((collection !== "secrets" && collection !== "deletedsecrets") || rawName === undefined) return error(res, 404, "NotFound", "The requested resource was not found.");
    if (!NAME.test(rawName)) return error(res, 400, "BadParameter", `The secret name '${rawName}' is invalid: names are 1-127 characters of letters, digits and dashes.`);
    const key = rawName.toLowerCase();
    const rec = secrets.get(key);
    const t = Math.floor(now().getTime() / 1000);

    if (collection === "secrets") {
      if (req.method === "PUT" && sub === undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return error(res, 400, "BadParameter", "The request body is not valid JSON.");
        }
        const p = parsed as { value?: unknown; contentType?: unknown; tags?: unknown };
        if (typeof p.value !== "string") return error(res, 400, "BadParameter", "Property value is required.");
        if (Buffer.byteLength(p.value) > MAX_VALUE_BYTES) return error(res, 400, "BadParameter", "The secret value exceeds the maximum size of 25 KB.");
        if (rec?.deletedDate !== undefined) {
          return error(res, 409, "Conflict", `Secret ${rawName} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`, "ObjectIsDeletedButRecoverable");
        }
        const r: SecretRecord = rec ?? { name: rawName, versions: [] };
        const v: Version = {
          version: randomBytes(16).toString("hex"),
          value: p.value,
          ...(typeof p.contentType === "string" ? { contentType: p.contentType } : {}),
          ...(typeof p.tags === "object" && p.tags !== null ? { tags: p.tags as Record<string, string> } : {}),
          created: t,
          updated: t,
        };
        r.versions.push(v);
        secrets.set(key, r);
        issued.add(p.value);
        return send(res, 200, bundle(r, v));
      }
      if (req.method === "GET") {
        if (!rec || rec.deletedDate !== undefined) return notFound(res, rawName);
        const v = sub === undefined || sub === "" ? rec.versions[rec.versions.length - 1] : rec.versions.find((x) => x.version === sub);
        return v ? send(res, 200, bundle(rec, v)) : notFound(res, rawName);
      }
      if (req.method === "DELETE" && sub === undefined) {
        if (!rec || rec.deletedDate !== undefined) return notFound(res, rawName);
        rec.deletedDate = t;
        return send(res, 200, deletedBundle(rec));
      }
      return error(res, 405, "MethodNotAllowed", `The requested method ${req.method ?? ""} is not allowed.`);
    }

    // deletedsecrets
    const deleted = rec?.deletedDate !== undefined ? rec : undefined;
    if (req.method === "GET" && sub === undefined) return deleted ? send(res, 200, deletedBundle(deleted)) : error(res, 404, "SecretNotFound", `Deleted Secret not found: ${rawName}`);
    if (req.method === "POST" && sub === "recover") {
      if (!deleted) return error(res, 404, "SecretNotFound", `Deleted Secret not found: ${rawName}`);
      delete deleted.deletedDate;
      return send(res, 200, bundle(deleted, deleted.versions[deleted.versions.length - 1]));
    }
    if (req.method === "DELETE" && sub === undefined) {
      if (!deleted) return error(res, 404, "SecretNotFound", `Deleted Secret not found: ${rawName}`);
      secrets.delete(key);
      return send(res, 204);
    }
    return error(res, 405, "MethodNotAllowed", `The requested method ${req.method ?? ""} is not allowed.`);
  };

  const server = https.createServer({ cert: opts.cert.cert, key: opts.cert.key }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) error(res, 500, "InternalServerError", "The stand-in failed.");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  url = `https://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return {
    url,
    issuedValues: () => [...issued],
    names: () => [...secrets.values()].filter((r) => r.deletedDate === undefined).map((r) => r.name.toLowerCase()),
    challenges: () => challenges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
