import { z } from "zod";
import { safeRegexProblem } from "@/lib/safe-regex";

export const MEMBER_ROLES = ["planner", "executor"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const TEAM_LIMITS = {
  nameMax: 60,
  descriptionMax: 500,
  membersMax: 8,
  maxRounds: 10,
  timeoutMax: 86_400,
  phraseMax: 200,
  regexMax: 200,
} as const;

const memberSchema = z.object({
  agentId: z.string().min(1, "Pick an agent for every member.").max(64),
  role: z.enum(MEMBER_ROLES, { error: "A member is a planner or an executor." }),
});

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters for the ${label}.`)
    .nullable()
    .default(null)
    .transform((v) => (v ? v : null));

/** Everything a person sets on a team; members in the order they speak. */
export const teamInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the team a name.")
      .max(TEAM_LIMITS.nameMax, `Use at most ${TEAM_LIMITS.nameMax} characters for the name.`)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: names must not contain them
      .regex(/^[^\u0000-\u001f\u007f]+$/, "The name cannot contain control characters."),
    description: z
      .string()
      .trim()
      .max(TEAM_LIMITS.descriptionMax, `Use at most ${TEAM_LIMITS.descriptionMax} characters for the description.`)
      .default(""),
    members: z.array(memberSchema).max(TEAM_LIMITS.membersMax, `A team has at most ${TEAM_LIMITS.membersMax} members.`),
    maxRounds: z
      .number()
      .int("Max rounds is a whole number.")
      .min(1, "Max rounds is at least 1.")
      .max(TEAM_LIMITS.maxRounds, `Max rounds is at most ${TEAM_LIMITS.maxRounds}.`)
      .default(3),
    stopPhrase: optionalText(TEAM_LIMITS.phraseMax, "stop phrase"),
    // Linear-time patterns only (lib/safe-regex.ts): refused here, with the reason, when RE2 cannot run one.
    stopRegex: optionalText(TEAM_LIMITS.regexMax, "stop pattern").superRefine((v, ctx) => {
      const problem = v === null ? null : safeRegexProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    timeoutSeconds: z
      .number()
      .int("The timeout is a whole number of seconds.")
      .min(10, "The timeout is at least 10 seconds.")
      .max(TEAM_LIMITS.timeoutMax, "The timeout is at most 24 hours.")
      .default(600),
  })
  .superRefine((team, ctx) => {
    const planners = team.members.filter((m) => m.role === "planner").length;
    if (planners !== 1) ctx.addIssue({ code: "custom", path: ["members"], message: "A team has exactly one planner." });
    if (!team.members.some((m) => m.role === "executor"))
      ctx.addIssue({ code: "custom", path: ["members"], message: "A team needs at least one executor." });
    if (new Set(team.members.map((m) => m.agentId)).size !== team.members.length)
      ctx.addIssue({ code: "custom", path: ["members"], message: "Each agent can be in a team once." });
  });

export type TeamInput = z.input<typeof teamInputSchema>;
export type TeamData = z.output<typeof teamInputSchema>;
export type TeamMember = TeamData["members"][number];
