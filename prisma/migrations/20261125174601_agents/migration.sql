-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "avatar" TEXT NOT NULL,
    "systemPrompt" TEXT NOT NULL,
    "goals" TEXT NOT NULL DEFAULT '[]',
    "modelId" TEXT,
    "temperature" REAL,
    "maxTokens" INTEGER,
    "maxTurns" INTEGER NOT NULL DEFAULT 8,
    "tokenBudget" INTEGER,
    "tools" TEXT NOT NULL DEFAULT '[]',
    "memoryMode" TEXT NOT NULL DEFAULT 'none',
    "status" TEXT NOT NULL DEFAULT 'active',
    "disabledReason" TEXT,
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "builtinKey" TEXT,
    "ownerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Agent_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgentFailure_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentMemory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgentMemory_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgentMemory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_name_key" ON "Agent"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_builtinKey_key" ON "Agent"("builtinKey");

-- CreateIndex
CREATE INDEX "Agent_ownerId_idx" ON "Agent"("ownerId");

-- CreateIndex
CREATE INDEX "Agent_status_idx" ON "Agent"("status");

-- CreateIndex
CREATE INDEX "AgentFailure_agentId_createdAt_idx" ON "AgentFailure"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "AgentMemory_agentId_userId_updatedAt_idx" ON "AgentMemory"("agentId", "userId", "updatedAt");

-- CreateIndex
CREATE INDEX "ModelCall_agentId_createdAt_idx" ON "ModelCall"("agentId", "createdAt");


-- Full-text index over agents' long-term memories (SQLite FTS5, BM25), kept in step by triggers.
-- External-content table: the text lives once, in AgentMemory.
CREATE VIRTUAL TABLE "agent_memory_fts" USING fts5(
    content,
    content='AgentMemory',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER "agent_memory_fts_ai" AFTER INSERT ON "AgentMemory" BEGIN
    INSERT INTO agent_memory_fts(rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER "agent_memory_fts_ad" AFTER DELETE ON "AgentMemory" BEGIN
    INSERT INTO agent_memory_fts(agent_memory_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

CREATE TRIGGER "agent_memory_fts_au" AFTER UPDATE ON "AgentMemory" BEGIN
    INSERT INTO agent_memory_fts(agent_memory_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO agent_memory_fts(rowid, content) VALUES (new.id, new.content);
END;
