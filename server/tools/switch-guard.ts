import { TOOL_SWITCH_PHRASES, TOOL_SWITCHES } from "@/lib/tools/switch-phrases";
import { AppError } from "@/lib/errors";
import type { Settings } from "@/lib/settings/schema";

/**
 * Turning the network or shell tools on is refused unless the caller passes the typed phrase;
 * only Settings → Tools does (tools.setSwitch). A plain settings apply or an imported settings
 * file therefore cannot switch them on silently. Turning them off needs nothing.
 */
export function assertToolSwitchesConfirmed(
  current: Settings,
  next: Settings,
  confirmations: readonly string[] = [],
): void {
  for (const key of TOOL_SWITCHES) {
    const phrase = TOOL_SWITCH_PHRASES[key];
    if (!current.tools[key] && next.tools[key] && !confirmations.includes(phrase)) {
      throw new AppError(
        "BAD_REQUEST",
        `Turning on ${key === "shellEnabled" ? "the shell tool" : "the internet tools"} needs a typed confirmation: use Settings → Tools and type ${phrase}.`,
      );
    }
  }
}
