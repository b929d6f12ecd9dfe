import { describe, expect, it } from "vitest";
import { type BusEvent, eventBus } from "@/server/events";
import { raiseAlert } from "@/server/alerts/alerts";
import { makeUser } from "@/tests/support/auth";

describe("alerts", () => {
  it("keeps a lasting problem as one open alert, toasts only errors, and an admin acknowledges it", async () => {
    const seen: BusEvent[] = [];
    const stop = eventBus.subscribe(["notifications"], (e) => seen.push(e));
    const first = await raiseAlert({ level: "warning", source: "test", title: "Ollama is slow", message: "2.1 s" });
    const again = await raiseAlert({ level: "error", source: "test", title: "Ollama is slow", message: "9.8 s" });
    stop();
    expect(again).toMatchObject({ id: first.id, level: "error", message: "9.8 s" });
    expect(seen).toHaveLength(0);

    const admin = await makeUser("admin");
    const user = await makeUser("user");
    expect((await admin.caller.automation.alerts({ includeAcknowledged: false })).map((a) => a.id)).toContain(first.id);
    await expect(user.caller.automation.acknowledgeAlert({ id: first.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await admin.caller.automation.acknowledgeAlert({ id: first.id })).toEqual({ acknowledged: 1 });
    expect((await admin.caller.automation.alerts({ includeAcknowledged: false })).map((a) => a.id)).not.toContain(
      first.id,
    );
    await expect(admin.caller.automation.acknowledgeAlert({ id: "missing" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const stop2 = eventBus.subscribe(["notifications"], (e) => seen.push(e));
    await raiseAlert({ level: "critical", source: "test", title: "Database is gone", message: "SQLITE_CANTOPEN" });
    stop2();
    expect(seen.map((e) => (e.data as { title: string }).title)).toEqual(["Database is gone"]);
  });
});
