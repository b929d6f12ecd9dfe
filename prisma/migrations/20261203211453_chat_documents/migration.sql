-- "Use documents" per chat session (issue 6): added in place, no table rebuild.
ALTER TABLE "ChatSession" ADD COLUMN "useDocuments" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ChatSession" ADD COLUMN "kbNamespace" TEXT;
