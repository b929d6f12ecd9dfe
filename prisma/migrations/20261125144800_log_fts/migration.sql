-- Full-text index over log entries (SQLite FTS5, BM25 ranking), kept in step by triggers.
-- External-content table: the text lives once, in LogEntry.
CREATE VIRTUAL TABLE "log_fts" USING fts5(
    message,
    subsystem,
    data,
    content='LogEntry',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER "log_fts_ai" AFTER INSERT ON "LogEntry" BEGIN
    INSERT INTO log_fts(rowid, message, subsystem, data) VALUES (new.id, new.message, new.subsystem, new.data);
END;

CREATE TRIGGER "log_fts_ad" AFTER DELETE ON "LogEntry" BEGIN
    INSERT INTO log_fts(log_fts, rowid, message, subsystem, data) VALUES ('delete', old.id, old.message, old.subsystem, old.data);
END;

CREATE TRIGGER "log_fts_au" AFTER UPDATE ON "LogEntry" BEGIN
    INSERT INTO log_fts(log_fts, rowid, message, subsystem, data) VALUES ('delete', old.id, old.message, old.subsystem, old.data);
    INSERT INTO log_fts(rowid, message, subsystem, data) VALUES (new.id, new.message, new.subsystem, new.data);
END;
