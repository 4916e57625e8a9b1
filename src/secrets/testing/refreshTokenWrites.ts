/** TEST-ONLY: a secret store that behaves as `inner` and records each value written as the M365 refresh token (rotation tests count them). */
import { SECRET_NAMES, type SecretStore } from "../secretStore";

/** `inner` as the product uses it, pushing every refresh token it is asked to store onto `writes`. */
export function recordingRefreshTokenWrites(inner: SecretStore, writes: string[]): SecretStore {
  return {
    ...inner,
    get: (n) => inner.get(n),
    has: (n) => inner.has(n),
    delete: (n) => inner.delete(n),
    set: (n, v) => {
      if (n === SECRET_NAMES.m365RefreshToken) writes.push(v);
      return inner.set(n, v);
    },
  };
}
