/**
 * The pages a browser sees on Connect (`/connect/callback`, or `/connect/start` when it cannot redirect): one
 * sentence per outcome, no script, a strict Content-Security-Policy. Names are escaped; never a code or token. Pure.
 */
import { createHash } from "node:crypto";
import type { ConnectOutcome } from "../../jobs/connect";

const STYLE = "body{font-family:'Segoe UI',system-ui,sans-serif;margin:2rem;color:#242424;max-width:40rem}";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Pure: the title and sentence for an outcome (plain text; escaped when rendered). */
export function connectPageText(o: ConnectOutcome): { title: string; text: string; status: number } {
  switch (o.kind) {
    case "connected":
      return { title: "Connected", text: `✓ ${o.upn} has connected Tenant Pilot. Close this window and press Verify on the Connect step in Teams.`, status: 200 };
    case "wrongAccount":
      return {
        title: "Wrong account",
        text: `You signed in as ${o.signedInUpn}, but Connect needs the service account ${o.expectedUpn}. Nothing was stored. Press Connect on the card again and sign in as ${o.expectedUpn}.`,
        status: 403,
      };
    case "stateInvalid":
      return {
        title: "Link not valid",
        text:
          o.reason === "expired"
            ? "This Connect link has expired (links are valid for 10 minutes). Nothing was stored. Show the Connect step again in Teams (setup m365) and press Connect."
            : o.reason === "used"
              ? "This Connect link was already used. Nothing more was stored. Show the Connect step again in Teams (setup m365) if you need to connect again."
              : "This Connect link is not valid. Nothing was stored. Show the Connect step in Teams (setup m365) and press Connect.",
        status: 400,
      };
    case "denied":
      return { title: "Not connected", text: "The sign-in was cancelled or refused, so nothing was stored. Press Connect on the card to try again.", status: 400 };
    case "failed":
      return { title: "Not connected", text: `${o.microsoftMessage ?? "Microsoft did not complete the sign-in."} Nothing was stored. Press Connect on the card to try again.`, status: 502 };
    case "unavailable":
      return { title: "Connect unavailable", text: "Connect is not configured on this Tenant Pilot (app credentials, secret key or public URL missing). Nothing was stored.", status: 503 };
  }
}

export interface ConnectPage {
  status: number;
  html: string;
  headers: Record<string, string>;
}

export function renderConnectPage(o: ConnectOutcome): ConnectPage {
  const t = connectPageText(o);
  const styleHash = `'sha256-${createHash("sha256").update(STYLE, "utf8").digest("base64")}'`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tenant Pilot: ${escapeHtml(t.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(t.title)}</h1><p id="status">${escapeHtml(t.text)}</p></body>
</html>
`;
  return {
    status: t.status,
    html,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": `default-src 'none'; style-src ${styleHash}; base-uri 'none'; form-action 'none'`,
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
  };
}
