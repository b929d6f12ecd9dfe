import { simpleParser } from "mailparser";
import type { Block, Extracted } from "@/lib/knowledge/types";

export type AttachmentExtractor = (data: Uint8Array, fileName: string) => Promise<Extracted>;

/**
 * An e-mail: a header block (From, To, Date, Subject), the body (text part, or the HTML part as
 * text), then each attachment's text under "Attachment: name". An attachment that cannot be read
 * is noted in the metadata instead of failing the whole message.
 */
export async function extractEml(
  data: Uint8Array,
  fallbackTitle: string,
  extractAttachment: AttachmentExtractor,
): Promise<Extracted> {
  const mail = await simpleParser(Buffer.from(data));
  const subject = mail.subject?.trim() || fallbackTitle;
  const from = mail.from?.text ?? "";
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : (mail.to?.text ?? "");
  const date = mail.date ? mail.date.toISOString() : "";
  const header = [`Subject: ${subject}`, from && `From: ${from}`, to && `To: ${to}`, date && `Date: ${date}`]
    .filter(Boolean)
    .join("\n");
  const blocks: Block[] = [{ text: header, kind: "prose", headingPath: "Headers" }];
  const body = (mail.text ?? (typeof mail.html === "string" ? mail.html.replace(/<[^>]+>/g, " ") : "")).trim();
  if (body) blocks.push({ text: body, kind: "prose", headingPath: "Body" });
  const metadata: Record<string, string> = { subject, from, to, date };
  if (mail.messageId) metadata.messageId = mail.messageId;
  const unreadable: string[] = [];
  for (const att of mail.attachments) {
    const name = att.filename ?? "attachment";
    try {
      const inner = await extractAttachment(new Uint8Array(att.content), name);
      for (const b of inner.blocks)
        blocks.push({ ...b, headingPath: [`Attachment: ${name}`, b.headingPath].filter(Boolean).join(" > ") });
    } catch {
      unreadable.push(name);
    }
  }
  if (mail.attachments.length)
    metadata.attachments = mail.attachments.map((a) => a.filename ?? "attachment").join(", ");
  if (unreadable.length) metadata.unreadableAttachments = unreadable.join(", ");
  return { title: subject, blocks, metadata };
}
