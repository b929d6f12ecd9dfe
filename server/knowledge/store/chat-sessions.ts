import "server-only";
import { db } from "@/server/db";

/**
 * The "Use documents" choice of a chat session, which lives on ChatSession (chat). The chat
 * domain has no call for these two columns, so they are read and written here.
 */

// reads ChatSession (chat)
export async function getSessionDocumentsById({ id }: { id: string }) {
  return db.chatSession.findUnique({ where: { id }, select: { useDocuments: true, kbNamespace: true } });
}

// writes ChatSession (chat); the caller checked that the user owns the session
export async function updateSessionDocumentsById({
  id,
  useDocuments,
  kbNamespace,
}: {
  id: string;
  useDocuments: boolean;
  kbNamespace: string | null;
}) {
  return db.chatSession.update({
    where: { id },
    data: { useDocuments, kbNamespace },
    select: { useDocuments: true, kbNamespace: true },
  });
}
