import "server-only";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { type Column, columnList, type Table } from "@/server/db/sql";

/** `a."x", a."y"`: checked columns behind a table alias, for joins of tables that share column names. */
export function aliased<T extends Table>(alias: string, table: T, columns: readonly Column<T>[]): string {
  columnList(table, columns);
  return columns.map((c) => `${alias}."${c}"`).join(", ");
}

/** What the page shows of an attachment, plus the message it was sent with. */
export const ATTACHMENT_INFO_FIELDS = [
  "id",
  "name",
  "mime",
  "size",
  "kind",
  "truncated",
  "messageId",
] as const satisfies readonly Column<"ChatAttachment">[];

export type AttachmentInfoRow = Omit<AttachmentInfo, "truncated"> & { truncated: number | boolean; messageId: string };

/** Attachment rows as SQLite returns them (truncated as 0/1), grouped by the message they were sent with. */
export function filesByMessage(rows: AttachmentInfoRow[]): Map<string, AttachmentInfo[]> {
  const files = new Map<string, AttachmentInfo[]>();
  for (const { messageId, ...info } of rows) {
    const list = files.get(messageId) ?? [];
    list.push({ ...info, truncated: Boolean(info.truncated) });
    files.set(messageId, list);
  }
  return files;
}
