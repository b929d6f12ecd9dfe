import { type ChatUIMessage, getChatThread, textOf } from "@/server/chat/messages";
import { getChatSessionOrThrow } from "@/server/chat/sessions";

export const EXPORT_FORMATS = ["txt", "md", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
};

const ROLE_NAMES = { user: "You", assistant: "Assistant", system: "System" } as const;

function fileName(title: string, format: ExportFormat): string {
  const base =
    title
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .toLowerCase() || "chat";
  return `${base}.${format}`;
}

function body(
  title: string,
  thread: ChatUIMessage[],
  format: ExportFormat,
  meta: { id: string; modelId: string | null; createdAt: Date },
): string {
  switch (format) {
    case "txt":
      return [title, "", ...thread.map((m) => `${ROLE_NAMES[m.role]}: ${textOf(m.parts)}\n`)].join("\n");
    case "md":
      return [
        `# ${title}`,
        "",
        ...thread.map(
          (m) =>
            `**${ROLE_NAMES[m.role]}**${m.metadata?.model ? ` (${m.metadata.model})` : ""}\n\n${textOf(m.parts)}\n`,
        ),
      ].join("\n");
    case "json":
      return JSON.stringify(
        {
          id: meta.id,
          title,
          modelId: meta.modelId,
          createdAt: meta.createdAt.toISOString(),
          messages: thread.map((m) => ({
            id: m.id,
            role: m.role,
            text: textOf(m.parts),
            parts: m.parts,
            ...m.metadata,
            alternatives: m.metadata?.alternatives?.map((a) => ({
              id: a.id,
              text: textOf(a.parts),
              model: a.metadata?.model ?? null,
            })),
          })),
        },
        null,
        2,
      );
  }
}

/** The session's current thread as a downloadable file. */
export async function exportChatSession(input: { id: string; userId: string; format: ExportFormat }) {
  const session = await getChatSessionOrThrow(input);
  const thread = await getChatThread({ sessionId: session.id });
  return {
    fileName: fileName(session.title, input.format),
    contentType: CONTENT_TYPES[input.format],
    body: body(session.title, thread, input.format, session),
  };
}
