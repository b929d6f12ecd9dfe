import { z } from "zod";

export const MEMORY_MODES = ["none", "conversation", "long_term"] as const;
export type MemoryMode = (typeof MEMORY_MODES)[number];

export const AGENT_STATUSES = ["active", "paused", "disabled"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** How an agent is drawn: an emoji, or initials on a colour. Stored as JSON in Agent.avatar. */
export const avatarSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("emoji"), value: z.string().trim().min(1, "Pick an emoji.").max(16) }),
  z.object({
    kind: z.literal("initials"),
    value: z.string().trim().min(1, "Initials need one or two letters.").max(3, "Initials are at most three letters."),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "The colour must look like #1a2b3c."),
  }),
]);
export type Avatar = z.infer<typeof avatarSchema>;

const DEFAULT_AVATAR: Avatar = { kind: "emoji", value: "🤖" };

/** JSON columns are written only by this module's callers, but a hand-edited row must not crash a page. */
export function parseStringList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function parseAvatar(json: string): Avatar {
  try {
    const r = avatarSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : DEFAULT_AVATAR;
  } catch {
    return DEFAULT_AVATAR;
  }
}
