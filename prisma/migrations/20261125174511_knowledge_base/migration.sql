-- CreateTable
CREATE TABLE "KbNamespace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "embedderProvider" TEXT NOT NULL,
    "embedderModel" TEXT NOT NULL,
    "dimension" INTEGER NOT NULL,
    "chunkSize" INTEGER NOT NULL DEFAULT 500,
    "chunkOverlap" INTEGER NOT NULL DEFAULT 50,
    "bm25Weight" REAL NOT NULL DEFAULT 1,
    "vectorWeight" REAL NOT NULL DEFAULT 0.1,
    "scoreThreshold" REAL NOT NULL DEFAULT 0,
    "perDocumentCap" INTEGER NOT NULL DEFAULT 3,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "KbDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespaceId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourcePath" TEXT,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "embeddedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KbDocument_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "KbNamespace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbChunk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" TEXT NOT NULL,
    "namespaceId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "headingPath" TEXT,
    "page" INTEGER,
    "lineStart" INTEGER,
    "lineEnd" INTEGER,
    "rowStart" INTEGER,
    "rowEnd" INTEGER,
    "charStart" INTEGER NOT NULL,
    "charEnd" INTEGER NOT NULL,
    CONSTRAINT "KbChunk_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "KbDocument" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbEvalItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespaceId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KbEvalItem_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "KbNamespace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbEvalRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'run',
    "itemCount" INTEGER NOT NULL,
    "embedder" TEXT NOT NULL,
    "chunkSize" INTEGER NOT NULL,
    "chunkOverlap" INTEGER NOT NULL,
    "bm25Weight" REAL NOT NULL,
    "vectorWeight" REAL NOT NULL,
    "results" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KbEvalRun_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "KbNamespace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbWatchedFolder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespaceId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "include" TEXT NOT NULL DEFAULT '[]',
    "exclude" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastScanAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KbWatchedFolder_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "KbNamespace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbQueryLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespaceId" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "userId" TEXT,
    "topK" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KbQueryLog_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "KbNamespace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KbQueryHit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "queryId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "chunkId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    CONSTRAINT "KbQueryHit_queryId_fkey" FOREIGN KEY ("queryId") REFERENCES "KbQueryLog" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "KbNamespace_name_key" ON "KbNamespace"("name");

-- CreateIndex
CREATE INDEX "KbDocument_namespaceId_contentHash_idx" ON "KbDocument"("namespaceId", "contentHash");

-- CreateIndex
CREATE INDEX "KbDocument_namespaceId_sourcePath_idx" ON "KbDocument"("namespaceId", "sourcePath");

-- CreateIndex
CREATE INDEX "KbDocument_namespaceId_status_idx" ON "KbDocument"("namespaceId", "status");

-- CreateIndex
CREATE INDEX "KbDocument_namespaceId_createdAt_idx" ON "KbDocument"("namespaceId", "createdAt");

-- CreateIndex
CREATE INDEX "KbChunk_documentId_seq_idx" ON "KbChunk"("documentId", "seq");

-- CreateIndex
CREATE INDEX "KbChunk_namespaceId_idx" ON "KbChunk"("namespaceId");

-- CreateIndex
CREATE INDEX "KbEvalItem_namespaceId_idx" ON "KbEvalItem"("namespaceId");

-- CreateIndex
CREATE INDEX "KbEvalRun_namespaceId_createdAt_idx" ON "KbEvalRun"("namespaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "KbWatchedFolder_namespaceId_path_key" ON "KbWatchedFolder"("namespaceId", "path");

-- CreateIndex
CREATE INDEX "KbQueryLog_namespaceId_createdAt_idx" ON "KbQueryLog"("namespaceId", "createdAt");

-- CreateIndex
CREATE INDEX "KbQueryHit_documentId_idx" ON "KbQueryHit"("documentId");

-- CreateIndex
CREATE INDEX "KbQueryHit_queryId_idx" ON "KbQueryHit"("queryId");


-- Lexical index over knowledge-base chunks (FTS5, BM25), external content in KbChunk, kept in
-- step by triggers. Porter stemming so "configure" finds "configuring". Vectors live in vec0
-- tables per dimension (kb_vec_<dim>), created at run time by server/knowledge/vector-store.ts.
CREATE VIRTUAL TABLE "kb_chunk_fts" USING fts5(
    text,
    heading_path,
    content='KbChunk',
    content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "kb_chunk_fts_ai" AFTER INSERT ON "KbChunk" BEGIN
    INSERT INTO kb_chunk_fts(rowid, text, heading_path) VALUES (new.id, new.text, new.headingPath);
END;

CREATE TRIGGER "kb_chunk_fts_ad" AFTER DELETE ON "KbChunk" BEGIN
    INSERT INTO kb_chunk_fts(kb_chunk_fts, rowid, text, heading_path) VALUES ('delete', old.id, old.text, old.headingPath);
END;

CREATE TRIGGER "kb_chunk_fts_au" AFTER UPDATE ON "KbChunk" BEGIN
    INSERT INTO kb_chunk_fts(kb_chunk_fts, rowid, text, heading_path) VALUES ('delete', old.id, old.text, old.headingPath);
    INSERT INTO kb_chunk_fts(rowid, text, heading_path) VALUES (new.id, new.text, new.headingPath);
END;
