import "server-only";
import { getAgentIdByBuiltinKey } from "@/server/agents/store/agents";
import { isUniqueViolation } from "@/server/db/errors";
import { logger } from "@/server/logger";
import { getTeamIdByBuiltinKey, getTeamIdByName, insertTeam } from "@/server/teams/store";

const KEY = "planner-executor";

/**
 * The team every installation starts with: the built-in Planner and Executor. Matched by
 * builtinKey, so an admin's edits survive restarts; skipped until both built-in agents exist.
 */
export async function seedBuiltinTeams(): Promise<{ created: number }> {
  if ((await getTeamIdByBuiltinKey({ builtinKey: KEY })) !== null) return { created: 0 };
  const [planner, executor] = await Promise.all([
    getAgentIdByBuiltinKey({ builtinKey: "planner" }),
    getAgentIdByBuiltinKey({ builtinKey: "executor" }),
  ]);
  if (!planner || !executor) return { created: 0 };
  const taken = (await getTeamIdByName({ name: "Planner + Executor" })) !== null;
  try {
    await insertTeam({
      name: taken ? "Planner + Executor (built-in)" : "Planner + Executor",
      description:
        "The Planner breaks your goal into steps, the Executor carries them out with its tools, and the Planner checks the results.",
      members: JSON.stringify([
        { agentId: planner, role: "planner" },
        { agentId: executor, role: "executor" },
      ]),
      maxRounds: 3,
      stopPhrase: "TERMINATE",
      timeoutSeconds: 900,
      builtin: true,
      builtinKey: KEY,
    });
  } catch (err) {
    // Two processes seeding at once: the other one created it.
    if (!isUniqueViolation(err)) throw err;
    return { created: 0 };
  }
  logger.info("teams", "created the built-in team Planner + Executor");
  return { created: 1 };
}
