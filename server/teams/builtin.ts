import "server-only";
import { db } from "@/server/db";
import { logger } from "@/server/logger";

const KEY = "planner-executor";

/**
 * The team every installation starts with: the built-in Planner and Executor. Matched by
 * builtinKey, so an admin's edits survive restarts; skipped until both built-in agents exist.
 */
export async function seedBuiltinTeams(): Promise<{ created: number }> {
  if (await db.team.findUnique({ where: { builtinKey: KEY }, select: { id: true } })) return { created: 0 };
  const [planner, executor] = await Promise.all([
    db.agent.findUnique({ where: { builtinKey: "planner" }, select: { id: true } }),
    db.agent.findUnique({ where: { builtinKey: "executor" }, select: { id: true } }),
  ]);
  if (!planner || !executor) return { created: 0 };
  const taken = await db.team.findUnique({ where: { name: "Planner + Executor" }, select: { id: true } });
  try {
    await db.team.create({
      data: {
        name: taken ? "Planner + Executor (built-in)" : "Planner + Executor",
        description:
          "The Planner breaks your goal into steps, the Executor carries them out with its tools, and the Planner checks the results.",
        members: JSON.stringify([
          { agentId: planner.id, role: "planner" },
          { agentId: executor.id, role: "executor" },
        ]),
        maxRounds: 3,
        stopPhrase: "TERMINATE",
        timeoutSeconds: 900,
        builtin: true,
        builtinKey: KEY,
      },
    });
  } catch (err) {
    // Two processes seeding at once: the other one created it.
    if ((err as { code?: string } | null)?.code !== "P2002") throw err;
    return { created: 0 };
  }
  logger.info("teams", "created the built-in team Planner + Executor");
  return { created: 1 };
}
