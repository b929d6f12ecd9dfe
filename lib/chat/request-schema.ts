import { z } from "zod";
import { modelIdSchema } from "@/lib/ai/model-id";
import { idSchema } from "@/lib/validation";

/** 100 000 characters of prompt is far beyond any context window the app shows. */
export const MAX_PROMPT_CHARS = 100_000;
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * One chat turn. The browser sends only the new prompt (or asks to answer the last one again);
 * the server rebuilds the history from the database.
 */
export const chatRequestSchema = z
  .object({
    sessionId: idSchema,
    /**
     * submit: a new prompt; regenerate: answer the last prompt again; edit: change the last prompt's text, then answer it;
     * approval: the user's decisions on the tool calls the last answer waits on, after which that answer continues.
     */
    trigger: z
      .enum(["submit", "regenerate", "edit", "approval"], {
        error: 'trigger is "submit", "regenerate", "edit" or "approval".',
      })
      .default("submit"),
    text: z
      .string()
      .max(MAX_PROMPT_CHARS, `Keep a message under ${MAX_PROMPT_CHARS.toLocaleString("en")} characters.`)
      .optional(),
    modelId: modelIdSchema.optional(),
    /** Files uploaded for this prompt (POST /api/chat/attachments), sent with a new prompt only. */
    attachmentIds: z.array(idSchema).max(10, "Attach at most 10 files to one message.").optional(),
    /** With trigger "approval": one decision per waiting tool call. */
    approvals: z
      .array(
        z.object({
          approvalId: z.string().min(1).max(200),
          approved: z.boolean(),
          reason: z.string().max(1000).optional(),
        }),
      )
      .min(1)
      .max(50)
      .optional(),
  })
  .refine((b) => b.trigger === "regenerate" || b.trigger === "approval" || Boolean(b.text?.trim()), {
    message: "Type a message first.",
    path: ["text"],
  })
  .refine((b) => b.trigger !== "approval" || Boolean(b.approvals?.length), {
    message: "Approve or reject the waiting tool call first.",
    path: ["approvals"],
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;
