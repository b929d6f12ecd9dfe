import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { seededEventId } from "./ids";
import { sameSecret } from "./signing";
import type { EventInput } from "./state";

/**
 * The executor's loopback HTTP API, the part of Inngest's API the SDK calls: `POST /e/<event key>`
 * (inngest.send and step.sendEvent), `POST /v1/checkpoint/<run id>/async` (steps the SDK ran
 * in-process, authenticated with the hashed signing key) and a health check. Limits follow
 * Inngest Cloud: 3 MiB per event request, 256 KiB per event.
 */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
export const MAX_EVENT_BYTES = 256 * 1024;
/** Checkpoints carry step outputs (up to 4 MiB each, several per request). */
const MAX_CHECKPOINT_BYTES = 32 * 1024 * 1024;

const eventSchema = z.object({
  name: z.string().min(1, "an event needs a name").max(256),
  data: z.record(z.string(), z.unknown()).optional(),
  id: z.string().min(1).max(256).optional(),
  ts: z.number().int().nonnegative().optional(),
  user: z.unknown().optional(),
  v: z.string().optional(),
});
const checkpointSchema = z.object({ qi_id: z.string().optional(), steps: z.array(z.unknown()) });
const listSchema = z.array(eventSchema).min(1, "send at least one event").max(5000, "send at most 5000 events at once");

export class EventError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Validates a parsed request body into events; throws EventError with a sentence a person understands. */
export function parseEvents(body: unknown): EventInput[] {
  const parsed = listSchema.safeParse(Array.isArray(body) ? body : [body]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EventError(
      `Invalid event${issue.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue.message}`,
      400,
    );
  }
  const events = parsed.data;
  for (const e of events) {
    if (e.name.startsWith("inngest/"))
      throw new EventError(`The event name "${e.name}" is reserved for Inngest's own events.`, 400);
    const size = Buffer.byteLength(JSON.stringify(e));
    if (size > MAX_EVENT_BYTES)
      throw new EventError(
        `The event "${e.name}" is ${Math.ceil(size / 1024)} KiB; the limit is ${MAX_EVENT_BYTES / 1024} KiB.`,
        413,
      );
  }
  return events;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EventError("The request body is not JSON.", 400);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new EventError(`The request is larger than ${limit / 1048576} MiB.`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface EventApiHandlers {
  eventKey: string;
  /** `Bearer` token the SDK must present on API calls (the hashed signing key). */
  apiToken: string;
  /** Stores checkpointed steps; returns the HTTP status (409 when the run is no longer running). */
  checkpoint: (runId: string, queueItemId: string | undefined, steps: unknown[]) => number;
  ingest: (events: EventInput[]) => string[];
  /** Resolves when events can be matched against the app's current functions. */
  ready: () => Promise<void>;
  health: () => Record<string, unknown>;
}

export function createEventApi(h: EventApiHandlers): Server {
  return createServer((req, res) => {
    void handle(h, req, res).catch((err: unknown) => {
      const status = err instanceof EventError ? err.status : 500;
      const message = err instanceof EventError ? err.message : "The executor could not store the events.";
      if (res.headersSent) return void res.destroy();
      // The rest of an oversized body is not read: close the connection once the answer is out.
      if (status === 413) res.setHeader("connection", "close");
      send(res, status, { error: message, status });
    });
  });
}

async function handle(h: EventApiHandlers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (req.method === "GET" && url.pathname === "/health") return send(res, 200, h.health());
  const checkpoint = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(url.pathname);
  if (checkpoint && req.method === "POST") {
    const auth = req.headers.authorization ?? "";
    if (!sameSecret(auth.replace(/^Bearer /, ""), h.apiToken))
      return send(res, 401, { error: "Unauthorized.", status: 401 });
    const body = checkpointSchema.safeParse(parseJsonText(await readBody(req, MAX_CHECKPOINT_BYTES)));
    if (!body.success) throw new EventError("A checkpoint needs a list of steps.", 400);
    const status = h.checkpoint(decodeURIComponent(checkpoint[1]!), body.data.qi_id, body.data.steps);
    return send(res, status, status === 200 ? {} : { error: "The run is no longer running.", status });
  }
  const match = /^\/e\/([^/]+)$/.exec(url.pathname);
  if (!match)
    return send(res, 404, { error: `The executor has no endpoint ${req.method} ${url.pathname}.`, status: 404 });
  if (req.method !== "POST") return send(res, 405, { error: "Send events with POST.", status: 405 });
  if (!sameSecret(decodeURIComponent(match[1]!), h.eventKey))
    return send(res, 401, { error: "Unknown event key.", status: 401 });
  const events = parseEvents(parseJsonText(await readBody(req, MAX_REQUEST_BYTES)));
  const seed = req.headers["x-inngest-event-id-seed"];
  if (typeof seed === "string") {
    events.forEach((e, i) => {
      e.id ??= seededEventId(seed, i) ?? undefined;
    });
  }
  await h.ready();
  const ids = h.ingest(events);
  send(res, 200, { ids, status: 200 });
}
