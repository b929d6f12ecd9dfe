import { redact } from "@/lib/redact";
import type { AuthUser } from "@/server/auth/session";
import { logger } from "@/server/logger";
import { insertAuditLog } from "@/server/logs/store";
import { currentContext } from "@/server/request-context";

/** Records who did what (settings changes, secret reveals, tokens, users) in AuditLog and the log. */
export async function recordAudit(input: {
  actor: Pick<AuthUser, "id" | "email"> | null;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  const details = input.details ? redact(input.details) : undefined;
  const correlationId = currentContext()?.correlationId;
  await insertAuditLog({
    actorId: input.actor?.id ?? null,
    actorLabel: input.actor?.email ?? "system",
    action: input.action,
    target: input.target ?? null,
    details: details ? JSON.stringify(details) : null,
    correlationId: correlationId ?? null,
  });
  logger.info("audit", `${input.action}${input.target ? ` ${input.target}` : ""}`, {
    actor: input.actor?.email ?? "system",
    ...details,
  });
}
