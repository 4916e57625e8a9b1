/**
 * What the bot says when it cannot serve a turn for a reason that is not the user's and passes by itself: storage
 * (Cosmos DB) not reachable yet at start-up, or briefly unavailable; an instance shutting down. Pure texts.
 */

/** Start-up: the bot listens before its storage answers (src/app/start.ts). */
export const STARTING_UP_TEXT = "I'm starting up and my storage is not available yet. Try again in a minute.";

/** A turn failed because Cosmos DB was unavailable (after retries). */
export function storageUnavailableText(correlationId: string): string {
  return `My storage is unavailable right now, so I could not do that. Try again in a minute. If it keeps happening, tell your administrator this reference: ${correlationId}`;
}

/** An invoke whose name Tenant Pilot does not handle (message extensions, task modules, config, …). */
export function unsupportedInvokeText(name: string | undefined): string {
  return name === undefined || name === "" ? "This request has no name, so Tenant Pilot cannot answer it." : `Tenant Pilot does not support "${name.slice(0, 100)}".`;
}
