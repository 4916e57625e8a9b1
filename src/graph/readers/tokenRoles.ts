/**
 * The application permissions (`roles`) an access token carries, read from its payload. No signature check: the token
 * comes straight from Entra over TLS and is only inspected to report what a customer consented. Never log the token.
 */
import { z } from "zod/v4";

const Payload = z.object({ roles: z.array(z.string()).optional() });

/** `roles` of a JWT's payload ([] when absent); throws when the text is not a JWT with a JSON payload. */
export function tokenRoles(jwt: string): string[] {
  const parts = jwt.split(".");
  if (parts.length !== 3 || parts[1] === "") throw new Error("not a JWT");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw new Error("the token's payload is not JSON");
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) throw new Error("the token's payload has no valid roles claim");
  return [...(parsed.data.roles ?? [])].sort();
}
