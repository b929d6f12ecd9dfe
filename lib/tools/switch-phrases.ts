/** The phrases an admin types to turn a dangerous tool class on (PRODUCT.md security rule 3). */
export const TOOL_SWITCH_PHRASES = {
  networkEnabled: "ENABLE NETWORK",
  shellEnabled: "ENABLE SHELL",
} as const;
export type ToolSwitch = keyof typeof TOOL_SWITCH_PHRASES;
export const TOOL_SWITCHES = Object.keys(TOOL_SWITCH_PHRASES) as ToolSwitch[];
