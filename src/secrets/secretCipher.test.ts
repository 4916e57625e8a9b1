import { openSecret, sealSecret, SecretUnreadableError } from "./secretCipher";
import { generateSecretKey } from "./secretKey";

const key = generateSecretKey();
const other = generateSecretKey();
const NAME = "lifecycleApp.clientSecret";
const VALUE = "s3cr3t~Value.With-Unicode-é-✓";

function flipFirstByte(b64: string): string {
  const b = Buffer.from(b64, "base64");
  b[0] ^= 0x01;
  return b.toString("base64");
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof SecretUnreadableError) return err.reason;
    throw err;
  }
  return undefined;
}

describe("sealSecret / openSecret", () => {
  it("round-trips, with a fresh 96-bit IV each time and no plaintext in the record", () => {
    const a = sealSecret(key, NAME, VALUE);
    const b = sealSecret(key, NAME, VALUE);
    expect(openSecret([key], NAME, a)).toBe(VALUE);
    expect(Buffer.from(a.iv, "base64")).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(a).toMatchObject({ v: 1, alg: "AES-256-GCM", keyId: key.id });
    expect(JSON.stringify(a)).not.toContain(VALUE);
    expect(JSON.stringify(a)).not.toContain(Buffer.from(VALUE).toString("base64"));
  });

  it("opens with an older key of the keyring", () => {
    expect(openSecret([other, key], NAME, sealSecret(key, NAME, VALUE))).toBe(VALUE);
  });

  const sealed = sealSecret(key, NAME, VALUE);
  test.each<[string, () => unknown, string]>([
    ["ciphertext altered", () => openSecret([key], NAME, { ...sealed, ct: flipFirstByte(sealed.ct) }), "tampered"],
    ["tag altered", () => openSecret([key], NAME, { ...sealed, tag: flipFirstByte(sealed.tag) }), "tampered"],
    ["IV altered", () => openSecret([key], NAME, { ...sealed, iv: flipFirstByte(sealed.iv) }), "tampered"],
    ["moved to another name (AAD)", () => openSecret([key], "partnerCenterApp.clientSecret", sealed), "tampered"],
    ["relabelled with another key's id", () => openSecret([other], NAME, { ...sealed, keyId: other.id }), "tampered"],
    ["sealed with a key we do not hold", () => openSecret([other], NAME, sealed), "unknownKey"],
    ["short tag", () => openSecret([key], NAME, { ...sealed, tag: Buffer.alloc(8).toString("base64") }), "malformed"],
    ["unknown format version", () => openSecret([key], NAME, { ...sealed, v: 2 }), "malformed"],
    ["not a record", () => openSecret([key], NAME, "plaintext"), "malformed"],
    ["missing field", () => openSecret([key], NAME, { ...sealed, ct: undefined }), "malformed"],
  ])("refuses a record with %s", (_label, fn, reason) => {
    expect(reasonOf(fn)).toBe(reason);
  });

  it("names the secret in the error, never the value", () => {
    const err = new SecretUnreadableError(NAME, "tampered");
    expect(err.message).toContain(NAME);
    expect(err.message).not.toContain(VALUE);
  });
});
