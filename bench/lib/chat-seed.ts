import type { PrismaClient } from "@/server/db";

/**
 * Long conversations written straight into the bench's database: alternating prompts and
 * answers (every answer points at its prompt, as the chat service saves them), in Markdown of
 * varied length with lists and a code block now and then, so the page renders what a real
 * long chat holds.
 */
const WORDS =
  "the model answer local agent data session token stream window render message queue index vector file shell browser network summary context".split(
    " ",
  );

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9;
    return (s >>> 0) / 2 ** 32;
  };
}

function sentence(rand: () => number, words: number): string {
  const out = Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
  out[0] = out[0]![0]!.toUpperCase() + out[0]!.slice(1);
  return `${out.join(" ")}.`;
}

function answer(rand: () => number, i: number): string {
  const blocks = [sentence(rand, 20 + Math.floor(rand() * 40)), sentence(rand, 10 + Math.floor(rand() * 30))];
  if (i % 3 === 0)
    blocks.push(
      [`- first: ${sentence(rand, 6)}`, `- second: ${sentence(rand, 8)}`, `- third: ${sentence(rand, 5)}`].join("\n"),
    );
  if (i % 8 === 0)
    blocks.push(`\`\`\`ts\nexport function step${i}(n: number): number {\n  return n * ${i} + 1;\n}\n\`\`\``);
  return blocks.join("\n\n");
}

export async function seedConversation(
  db: PrismaClient,
  input: { userId: string; title: string; messages: number; modelId: string },
): Promise<string> {
  const rand = rng(input.messages);
  const session = await db.chatSession.create({
    data: { userId: input.userId, title: input.title, modelId: input.modelId },
  });
  const start = Date.now() - input.messages * 60_000;
  await db.$transaction(
    async (tx) => {
      let promptId = "";
      for (let seq = 1; seq <= input.messages; seq++) {
        const user = seq % 2 === 1;
        const text = user ? `Question ${seq}: ${sentence(rand, 6 + Math.floor(rand() * 20))}` : answer(rand, seq);
        const row = await tx.chatMessage.create({
          data: {
            sessionId: session.id,
            seq,
            role: user ? "user" : "assistant",
            parts: JSON.stringify([{ type: "text", text }]),
            text,
            model: user ? null : input.modelId,
            parentId: user ? null : promptId,
            inputTokens: user ? null : 40 + seq,
            outputTokens: user ? null : text.length >> 2,
            latencyMs: user ? null : 120,
            createdAt: new Date(start + seq * 60_000),
          },
          select: { id: true },
        });
        if (user) promptId = row.id;
      }
      await tx.chatSession.update({
        where: { id: session.id },
        data: { lastMessageAt: new Date(start + input.messages * 60_000) },
      });
    },
    { timeout: 120_000 },
  );
  return session.id;
}
