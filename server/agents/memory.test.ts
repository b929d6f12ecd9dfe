import { describe, expect, it } from "vitest";
import { deleteMemory, saveMemory, searchMemory, updateMemory } from "@/server/agents/memory";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

describe("agent long-term memory (FTS5 + vectors)", () => {
  it("saves, finds by words (prefix while typing), keeps users and agents apart, re-indexes edits", async () => {
    const { user, caller } = await makeUser();
    const other = await makeUser();
    const a = await caller.agents.create({
      name: `Memo ${Date.now()}`,
      role: "Remembers",
      systemPrompt: "Remember things.",
      memoryMode: "long_term",
    });
    const b = await caller.agents.create({
      name: `Memo B ${Date.now()}`,
      role: "Remembers",
      systemPrompt: "Remember things.",
    });
    const m1 = await saveMemory({ agentId: a.id, userId: user.id, content: "The user's cat is called Mischief." });
    await saveMemory({ agentId: a.id, userId: user.id, content: "The user prefers metric units." });
    await saveMemory({ agentId: b.id, userId: user.id, content: "Another agent knows about the cat too." });
    await saveMemory({ agentId: a.id, userId: other.user.id, content: "Someone else's cat is Tom." });

    const find = (query: string) =>
      searchMemory({ agentId: a.id, userId: user.id, query, limit: 10 }).then((r) => r.map((m) => m.content));
    expect(await find("cat")).toEqual(["The user's cat is called Mischief."]);
    expect(await find("misch")).toEqual(["The user's cat is called Mischief."]);
    expect(await find("metric")).toEqual(["The user prefers metric units."]);
    expect(await find("")).toHaveLength(2);
    // Operators and quotes are plain text: no FTS5 syntax error.
    expect(await find('cat" OR "units NEAR( -')).toEqual([]);
    expect(await find("***")).toHaveLength(2);

    await updateMemory({ id: m1.id, agentId: a.id, userId: user.id, content: "The user's dog is called Rex." });
    expect(await find("cat")).toEqual([]);
    expect(await find("rex")).toEqual(["The user's dog is called Rex."]);

    // Another user cannot edit or delete it.
    await expect(
      updateMemory({ id: m1.id, agentId: a.id, userId: other.user.id, content: "mine" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteMemory({ id: m1.id, agentId: a.id, userId: other.user.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteMemory({ id: m1.id, agentId: a.id, userId: user.id });
    expect(await find("rex")).toEqual([]);

    await expect(saveMemory({ agentId: a.id, userId: user.id, content: "   " })).rejects.toThrow(
      "A memory cannot be empty.",
    );
  });

  it("is reachable through the router for the viewer's own memories", async () => {
    const { caller } = await makeUser();
    const other = await makeUser();
    const a = await caller.agents.create({
      name: `Memo R ${Date.now()}`,
      role: "Remembers",
      systemPrompt: "Remember things.",
    });
    const m = await caller.agents.memory.add({ agentId: a.id, content: "Deadline is Friday." });
    expect((await caller.agents.memory.list({ agentId: a.id, query: "friday" })).map((x) => x.id)).toEqual([m.id]);
    expect(
      (await caller.agents.memory.update({ agentId: a.id, id: m.id, content: "Deadline is Monday." })).content,
    ).toBe("Deadline is Monday.");
    await expect(caller.agents.memory.add({ agentId: a.id, content: "x".repeat(4001) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(other.caller.agents.memory.delete({ agentId: a.id, id: m.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await caller.agents.memory.delete({ agentId: a.id, id: m.id });
    expect(await caller.agents.memory.list({ agentId: a.id })).toEqual([]);
  });

  it("finds a memory by meaning when it shares no words with the query, after the word matches, and forgets deleted ones", async () => {
    const { user, caller } = await makeUser();
    const a = await caller.agents.create({
      name: `Memo V ${Date.now()}`,
      role: "Remembers",
      systemPrompt: "Remember things.",
      memoryMode: "long_term",
    });
    // Saved before memories had vectors: embedded on the first search.
    await db.agentMemory.create({ data: { agentId: a.id, userId: user.id, content: "The user loves eating pizza." } });
    const cat = await saveMemory({ agentId: a.id, userId: user.id, content: "The user's cat is called Mischief." });
    await saveMemory({ agentId: a.id, userId: user.id, content: "The user prefers metric units." });
    const find = (query: string) =>
      searchMemory({ agentId: a.id, userId: user.id, query, limit: 10 }).then((r) => r.map((m) => m.content));

    expect(await find("kitten")).toEqual(["The user's cat is called Mischief."]);
    expect(await find("What does the user like to eat")).toEqual(["The user loves eating pizza."]);
    await saveMemory({ agentId: a.id, userId: user.id, content: "Kittens from the shelter visit on Sundays." });
    expect(await find("kitten")).toEqual([
      "Kittens from the shelter visit on Sundays.",
      "The user's cat is called Mischief.",
    ]);
    // Vectors stay per agent and user.
    expect(await searchMemory({ agentId: a.id, userId: (await makeUser()).user.id, query: "kitten" })).toEqual([]);

    await updateMemory({ id: cat.id, agentId: a.id, userId: user.id, content: "The user's parrot is called Polly." });
    expect(await find("kitten")).toEqual(["Kittens from the shelter visit on Sundays."]);
    await deleteMemory({ id: cat.id, agentId: a.id, userId: user.id });
    expect(await find("parrot")).toEqual([]);
  });
});
