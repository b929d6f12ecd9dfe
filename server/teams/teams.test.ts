import { describe, expect, it } from "vitest";
import { seedBuiltinAgents } from "@/server/agents/builtin";
import { db } from "@/server/db";
import { seedBuiltinTeams } from "@/server/teams/builtin";
import { makeUser } from "@/tests/support/auth";

const agentInput = (name: string) => ({ name, role: "Helps", systemPrompt: "You help." });

describe("teams", () => {
  it("seeds the built-in Planner + Executor team once, from the built-in agents", async () => {
    await seedBuiltinAgents();
    await seedBuiltinTeams();
    expect(await seedBuiltinTeams()).toEqual({ created: 0 });
    const team = await db.team.findUniqueOrThrow({ where: { builtinKey: "planner-executor" } });
    const { caller } = await makeUser("user");
    const listed = (await caller.teams.list()).find((t) => t.id === team.id)!;
    expect(listed).toMatchObject({ builtin: true, editable: false, stopPhrase: "TERMINATE" });
    expect(listed.members.map((m) => [m.name, m.role])).toEqual([
      ["Planner", "planner"],
      ["Executor", "executor"],
    ]);
    await expect(caller.teams.delete({ id: team.id })).rejects.toThrow(/Only an admin/);
  });

  it("validates members and stop rules with sentences, and keeps other users' teams and agents private", async () => {
    const alice = await makeUser("user");
    const bob = await makeUser("user");
    const planner = await alice.caller.agents.create(agentInput(`P ${Date.now()}`));
    const executor = await alice.caller.agents.create(agentInput(`E ${Date.now()}`));
    const members = [
      { agentId: planner.id, role: "planner" as const },
      { agentId: executor.id, role: "executor" as const },
    ];
    await expect(alice.caller.teams.create({ name: "No executor", members: [members[0]!] })).rejects.toThrow(
      "A team needs at least one executor.",
    );
    await expect(
      alice.caller.teams.create({
        name: "Two planners",
        members: [members[0]!, { agentId: executor.id, role: "planner" }],
      }),
    ).rejects.toThrow("A team has exactly one planner.");
    await expect(alice.caller.teams.create({ name: "Bad regex", members, stopRegex: "([" })).rejects.toThrow(
      /The pattern \/\(\[\/ cannot be used: missing closing \]/,
    );

    const name = `Duo ${Date.now()}`;
    const team = await alice.caller.teams.create({
      name,
      members,
      maxRounds: 2,
      stopPhrase: "DONE",
      timeoutSeconds: 60,
    });
    expect(team).toMatchObject({ name, editable: true, maxRounds: 2, stopPhrase: "DONE", stopRegex: null });
    await expect(alice.caller.teams.create({ name, members })).rejects.toThrow(/exists already/);

    // Bob cannot see Alice's team, nor build one from her agents.
    expect((await bob.caller.teams.list()).some((t) => t.id === team.id)).toBe(false);
    await expect(bob.caller.teams.get({ id: team.id })).rejects.toThrow(/not found/);
    await expect(bob.caller.teams.create({ name: `Stolen ${Date.now()}`, members })).rejects.toThrow(
      /not an agent you can use/,
    );

    const updated = await alice.caller.teams.update({
      id: team.id,
      data: { name, members: [...members].reverse().map((m, i) => ({ ...m, role: i === 0 ? "planner" : "executor" })) },
    });
    expect(updated.members.map((m) => m.agentId)).toEqual([executor.id, planner.id]);

    // A chat picks the team; deleting the team clears it from the chat.
    const session = await alice.caller.chat.create();
    await alice.caller.teams.setSessionTeam({ sessionId: session.id, teamId: team.id });
    expect(await alice.caller.teams.session({ sessionId: session.id })).toEqual({ teamId: team.id, run: null });
    await expect(bob.caller.teams.setSessionTeam({ sessionId: session.id, teamId: team.id })).rejects.toThrow(
      /not found/,
    );
    await alice.caller.teams.delete({ id: team.id });
    expect((await alice.caller.teams.session({ sessionId: session.id })).teamId).toBeNull();
  });
});
