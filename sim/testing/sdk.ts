/**
 * Helpers for contract tests that drive the REAL SDKs against the simulator: the error each SDK throws, and a Graph
 * middleware chain (AuthenticationHandler → RetryHandler → HTTPMessageHandler) whose RetryHandler waits through an
 * injected sleep — so a test sees the delays the SDK chose (Retry-After or its own exponential back-off) and can move
 * the simulator's clock by them instead of waiting in real time.
 */
import { AuthenticationHandler, GraphError, HTTPMessageHandler, RetryHandler, RetryHandlerOptions, type Middleware } from "@microsoft/microsoft-graph-client";

/** Awaits a Graph SDK call that must fail and returns its GraphError (anything else is rethrown). */
export async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error("expected a GraphError");
}

/** The fields of an MSAL error (AuthError / ServerError) the tests look at. */
export interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
}

/** Awaits an MSAL call that must fail and returns its error. */
export async function msalError(p: Promise<unknown>): Promise<MsalLikeError> {
  try {
    await p;
  } catch (e) {
    return e as MsalLikeError;
  }
  throw new Error("expected MSAL to fail");
}

export interface RetryChain {
  middleware: Middleware;
  /** The delays (seconds) the RetryHandler chose, in order. */
  delays: number[];
}

/**
 * A Graph middleware chain with the SDK's own RetryHandler. Its waits go through `sleep` (default: none), e.g.
 * `(s) => sim.control.advanceClock(s * 1000)` so a throttled bucket refills on the simulator clock.
 */
export function retryChain(getToken: () => Promise<string>, options: RetryHandlerOptions, sleep: (seconds: number) => void = () => undefined): RetryChain {
  const delays: number[] = [];
  const auth = new AuthenticationHandler({ getAccessToken: getToken });
  const retry = new RetryHandler(options);
  // RetryHandler.sleep is private; replacing it on this instance is the injected timer.
  Object.defineProperty(retry, "sleep", {
    value: (seconds: number): Promise<void> => {
      delays.push(seconds);
      sleep(seconds);
      return Promise.resolve();
    },
  });
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  return { middleware: auth, delays };
}

/** The claims of a JWT (no verification: tests read what the simulator issued). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}
