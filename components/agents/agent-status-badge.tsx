import { Badge } from "@/components/ui/badge";
import { STATUS_STYLE, type AgentStatus } from "@/components/agents/agent-format";

export function AgentStatusBadge({ status, reason }: { status: AgentStatus; reason?: string | null }) {
  const style = STATUS_STYLE[status];
  return (
    <Badge variant={style.badge} title={reason ?? undefined} data-testid="agent-status" data-status={status}>
      <span className={`size-1.5 rounded-full ${style.dot}`} aria-hidden />
      {style.label}
    </Badge>
  );
}
