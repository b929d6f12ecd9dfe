import { AppError } from "@/lib/errors";
import { readAttachmentData } from "@/server/chat/attachments";
import type { ChatUIMessage } from "@/server/chat/messages";
import type { PromptAttachments } from "@/server/chat/request";
import { listAttachmentsByMessageIds } from "@/server/chat/store/attachments";
import { modelDetails } from "@/server/providers/catalog";

/**
 * Whether a model takes images, from what its provider reports (Ollama /api/show capabilities,
 * OpenRouter input modalities, an endpoint's model metadata). Unknown counts as no.
 */
export async function modelSeesImages(modelId: string): Promise<{ vision: boolean; reason: string | null }> {
  try {
    const details = await modelDetails(modelId, { signal: AbortSignal.timeout(5000) });
    if (details.capabilities.vision === true) return { vision: true, reason: null };
    return {
      vision: false,
      reason:
        details.capabilities.vision === false
          ? `${modelId} cannot see images`
          : `${modelId} does not say that it can see images`,
    };
  } catch (err) {
    return {
      vision: false,
      reason: `Whether ${modelId} can see images could not be checked (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** Refuses, before anything is saved or sent, to send images to a model that cannot see them. */
export async function requireVision(modelId: string | null): Promise<void> {
  if (!modelId) return;
  const { vision, reason } = await modelSeesImages(modelId);
  if (!vision) {
    throw new AppError(
      "BAD_REQUEST",
      `${reason}. Pick a vision model in the model menu, or remove the image; your message and files are kept.`,
    );
  }
}

/**
 * The attachments of the prompts in a history, ready for buildModelMessages: their extracted
 * text, and image bytes when the model can see images (checked only when there are images).
 */
export async function loadPromptAttachments(input: { history: ChatUIMessage[]; modelId: string }) {
  const ids = input.history.filter((m) => m.role === "user" && m.metadata?.attachments?.length).map((m) => m.id);
  const attachments = new Map<string, PromptAttachments>();
  if (ids.length === 0) return { attachments, vision: false };
  const rows = await listAttachmentsByMessageIds({ messageIds: ids });
  const vision = rows.some((r) => r.kind === "image") ? (await modelSeesImages(input.modelId)).vision : false;
  for (const row of rows) {
    const entry = attachments.get(row.messageId!) ?? { texts: [], images: [] };
    if (row.kind === "image") {
      const data = vision ? await readAttachmentData(row).catch(() => null) : new Uint8Array();
      if (data) entry.images.push({ name: row.name, mime: row.mime, data });
    } else if (row.text !== null) {
      entry.texts.push({ name: row.name, text: row.text, truncated: row.truncated });
    }
    attachments.set(row.messageId!, entry);
  }
  return { attachments, vision };
}
