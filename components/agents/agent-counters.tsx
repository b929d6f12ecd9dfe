import { cn } from "@/lib/utils";
import { STATUS_STYLE, type AgentRow, type AgentStatus } from "@/components/agents/agent-format";

const ORDER: AgentStatus[] = ["active", "paused", "disabled"];

/** Total and per-status counts; a status counter also filters the table to that status. */
export function AgentCounters({
  agents,
  selected,
  onToggle,
}: {
  agents: AgentRow[];
  selected: AgentStatus | null;
  onToggle: (s: AgentStatus) => void;
}) {
  const count = (s: AgentStatus) => agents.filter((a) => a.status === s).length;
  return (
    <fieldset className="flex flex-wrap gap-2" aria-label="Agents by status" data-testid="agents-counters">
      <span className="flex items-center gap-2 rounded-md border px-2.5 py-1 text-sm">
        <span className="text-muted-foreground">Total</span>
        <span className="font-semibold tabular-nums" data-testid="agents-count-total">
          {agents.length}
        </span>
      </span>
      {ORDER.map((s) => (
        <button
          key={s}
          type="button"
          aria-pressed={selected === s}
          onClick={() => onToggle(s)}
          title={selected === s ? "Show every status" : `Show only ${STATUS_STYLE[s].label.toLowerCase()} agents`}
          className={cn(
            "flex items-center gap-2 rounded-md border px-2.5 py-1 text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
            selected === s ? "border-foreground/40 bg-accent" : "border-border",
          )}
        >
          <span className={cn("size-2 rounded-full", STATUS_STYLE[s].dot)} aria-hidden />
          <span className="text-muted-foreground">{STATUS_STYLE[s].label}</span>
          <span className="font-semibold tabular-nums" data-testid={`agents-count-${s}`}>
            {count(s)}
          </span>
        </button>
      ))}
    </fieldset>
  );
}
