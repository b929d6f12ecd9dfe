import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/settings/schema";
import { eventBus } from "@/server/events";
import { db, sqlite } from "@/server/db";
import { applySettings, exportSettings, getSettings, importSettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";

const actor = { id: "test-admin", email: "admin@example.test" };

beforeEach(async () => {
  await db.setting.deleteMany();
});

describe("settings service", () => {
  it("fills every section and field with its default", async () => {
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("falls back to defaults field by field when a stored section no longer validates", async () => {
    await db.setting.create({
      data: { section: "system", value: JSON.stringify({ logLevel: "LOUD", retentionDays: 7, stale: 1 }) },
    });
    await db.setting.create({ data: { section: "workspace", value: "{not json" } });
    const settings = await getSettings();
    expect(settings.system).toEqual({ logLevel: "INFO", retentionDays: 7, maxUploadMb: 50 });
    expect(settings.workspace).toEqual(DEFAULT_SETTINGS.workspace);
  });

  it("writes only what changed, and nothing when nothing did", async () => {
    const events: unknown[] = [];
    const stop = eventBus.subscribe(["settings"], (e) => events.push(e.data));
    const noop = await applySettings({
      actor,
      changes: { workspace: { name: DEFAULT_SETTINGS.workspace.name }, system: { retentionDays: 30 } },
    });
    expect(noop).toEqual({ changed: [], restartRequired: [] });
    expect(await db.setting.count()).toBe(0);
    expect(events).toHaveLength(0);

    const result = await applySettings({
      actor,
      changes: { workspace: { name: "Lab", autoSaveSeconds: 10 }, system: { logLevel: "INFO" } },
    });
    stop();
    expect(result).toEqual({ changed: ["workspace.name"], restartRequired: [] });
    const rows = await db.setting.findMany();
    expect(rows.map((r) => r.section)).toEqual(["workspace"]);
    expect(rows[0]!.updatedById).toBe(actor.id);
    expect(events).toEqual([{ sections: ["workspace"], restartRequired: [] }]);
    expect((await getSettings()).workspace).toEqual({ name: "Lab", autoSaveSeconds: 10 });

    const audit = await db.auditLog.findFirst({ where: { action: "settings.apply" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(audit!.details!)).toMatchObject({
      changes: { "workspace.name": { from: "My workspace", to: "Lab" } },
    });
  });

  it("reports the changes that need a restart", async () => {
    const result = await applySettings({ actor, changes: { system: { retentionDays: 90, maxUploadMb: 100 } } });
    expect(result).toEqual({
      changed: ["system.retentionDays", "system.maxUploadMb"],
      restartRequired: ["system.retentionDays"],
    });
  });

  it("refuses invalid values with a readable 400-style error and writes nothing", async () => {
    const attempt = applySettings({ actor, changes: { workspace: { name: "OK" }, system: { retentionDays: 0 } } });
    await expect(attempt).rejects.toMatchObject({
      name: "AppError",
      code: "BAD_REQUEST",
      message: "Log retention: Enter 1 to 3650 days.",
    });
    await expect(applySettings({ actor, changes: { providers: { ollamaUrl: "ftp://x" } } })).rejects.toThrow(
      /Ollama URL: Enter a full http/,
    );
    await expect(applySettings({ actor, changes: { nope: {} } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      applySettings({
        actor,
        changes: {
          providers: {
            openaiCompatible: [
              { id: "a", name: "LM", baseUrl: "http://127.0.0.1:1234/v1", enabled: true },
              { id: "b", name: "lm", baseUrl: "http://127.0.0.1:8000/v1", enabled: false },
            ],
          },
        },
      }),
    ).rejects.toThrow(/different name/);
    expect(await db.setting.count()).toBe(0);
  });

  it("rolls every section back when one write fails", async () => {
    await applySettings({ actor, changes: { workspace: { name: "Before" }, security: { sessionLockMinutes: 5 } } });
    const conn = await sqlite();
    conn.exec(
      `CREATE TRIGGER fail_security BEFORE UPDATE ON "Setting" WHEN NEW.section = 'security' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      await expect(
        applySettings({ actor, changes: { workspace: { name: "After" }, security: { sessionLockMinutes: 15 } } }),
      ).rejects.toThrow(/disk full/);
    } finally {
      conn.exec("DROP TRIGGER fail_security");
    }
    const settings = await getSettings();
    expect(settings.workspace.name).toBe("Before");
    expect(settings.security.sessionLockMinutes).toBe(5);
  });

  it("exports, imports and exports again to the exact same document", async () => {
    await applySettings({
      actor,
      changes: {
        workspace: { name: "Round trip", autoSaveSeconds: 42 },
        providers: {
          ollamaUrl: "http://gpu-box:11434",
          openaiCompatible: [{ id: "lm", name: "LM Studio", baseUrl: "http://127.0.0.1:1234/v1", enabled: true }],
        },
        system: { logLevel: "DEBUG", retentionDays: 9 },
        security: { safeMode: true },
      },
    });
    const first = await exportSettings();
    const text = JSON.stringify(first);
    await applySettings({ actor, changes: DEFAULT_SETTINGS });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);

    const result = await importSettings({ actor, document: JSON.parse(text) });
    expect(result.changed).toContain("providers.openaiCompatible");
    expect(JSON.stringify(await exportSettings())).toBe(text);
    await applySettings({ actor, changes: { system: { logLevel: "INFO" } } });
  });

  it("refuses a document of another format or with invalid values", async () => {
    await expect(importSettings({ actor, document: { format: "other", version: 1, settings: {} } })).rejects.toThrow(
      /not a settings export/,
    );
    await expect(
      importSettings({
        actor,
        document: { format: "local-ai-platform/settings", version: 1, settings: { system: { maxUploadMb: -1 } } },
      }),
    ).rejects.toThrow(/Maximum upload size: Enter 1 to 10240 MB/);
  });
});

describe("settings router", () => {
  it("lets users read but only admins change, export or import", async () => {
    const user = await makeUser("user");
    const admin = await makeUser("admin");
    expect(await user.caller.settings.get()).toEqual(DEFAULT_SETTINGS);
    await expect(user.caller.settings.applyChanges({ changes: { workspace: { name: "x" } } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(user.caller.settings.export()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const doc = await admin.caller.settings.export();
    await expect(user.caller.settings.import({ document: doc })).rejects.toMatchObject({ code: "FORBIDDEN" });

    expect(await admin.caller.settings.applyChanges({ changes: { workspace: { name: "Admin's" } } })).toEqual({
      changed: ["workspace.name"],
      restartRequired: [],
    });
    await expect(
      admin.caller.settings.applyChanges({ changes: { system: { retentionDays: 99999 } } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await admin.caller.settings.import({ document: doc })).toEqual({
      changed: ["workspace.name"],
      restartRequired: [],
    });
  });
});
