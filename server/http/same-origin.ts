import { env } from "@/server/env";
import { errorResponse } from "@/server/http/errors";

/**
 * Cross-site request forgery guard for every state-changing request (issue 22, finding 4).
 * SameSite=Lax cookies do not stop a page on another port of the same host ("same-site") from
 * posting to the app, so a request that changes something must come from the app's own origin:
 * the browser's Sec-Fetch-Site says so, or its Origin is the app's. A request with neither header
 * is not from a browser (a script with an API token, curl) and carries no ambient cookie risk.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function ownOrigins(req: Request): Set<string> {
  // Next builds req.url from the Host header the browser sent.
  const origins = new Set<string>([new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) {
    origins.add(`http://${host}`);
    origins.add(`https://${host}`);
  }
  if (env.NEXTAUTH_URL) origins.add(new URL(env.NEXTAUTH_URL).origin);
  return origins;
}

/** Why the request is refused as cross-site, or null when it may go on. */
export function crossSiteRefusal(req: Request): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return `This request came from another site${origin ? ` (${origin})` : ""}; the app accepts changes only from its own pages.`;
  }
  if (origin !== null && !ownOrigins(req).has(origin)) {
    return `This request came from another origin (${origin}); the app accepts changes only from its own pages.`;
  }
  return null;
}

export type BodyKind = "json" | "multipart";

const CONTENT_TYPES: Record<BodyKind, string> = { json: "application/json", multipart: "multipart/form-data" };

/**
 * A state-changing request's body must be of a kind the handler expects: a form post from another
 * site (text/plain, urlencoded, multipart) cannot then pass for a JSON call. Uploads whose body is
 * the file itself, with the file's own type, accept "any".
 */
export function bodyKindRefusal(req: Request, accepts: readonly BodyKind[] | "any"): string | null {
  if (accepts === "any" || SAFE_METHODS.has(req.method) || req.method === "DELETE") return null;
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (accepts.some((k) => CONTENT_TYPES[k] === type)) return null;
  const expected = accepts.map((k) => CONTENT_TYPES[k]).join(" or ");
  return `Send the request body as ${expected}${type ? ` (it was ${type})` : ""}.`;
}

/** 403 for a state-changing request from another site (before authentication: it says nothing of the caller). */
export function crossSiteResponse(req: Request): Response | null {
  const reason = crossSiteRefusal(req);
  return reason ? errorResponse(403, reason) : null;
}

/** 415 for a body of the wrong kind (after authentication, so anonymous callers still learn nothing). */
export function bodyKindResponse(req: Request, accepts: readonly BodyKind[] | "any" = ["json"]): Response | null {
  const reason = bodyKindRefusal(req, accepts);
  return reason ? errorResponse(415, reason) : null;
}
