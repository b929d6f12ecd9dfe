import { describe, expect, it } from "vitest";
import { POST as upload } from "@/app/api/knowledge/upload/route";
import { db } from "@/server/db";
import { flushLogs } from "@/server/logger";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 15: an upload the client aborted (a closed tab) was logged as ERROR, which
 * raised alerts for something that is not a fault. It is logged as information instead.
 */
describe("an upload the client aborts", () => {
  it("is not logged as an error", async () => {
    const { headers } = await makeUser("user");
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("# half a file\n".repeat(100)));
      },
      pull() {
        controller.abort();
        throw new Error("socket hang up");
      },
    });
    const before = await db.logEntry.count({ where: { level: "ERROR" } });
    const res = await upload(
      new Request("http://localhost/api/knowledge/upload?namespace=default&name=aborted.md&embed=0", {
        method: "POST",
        headers,
        body,
        signal: controller.signal,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(499);
    await flushLogs();
    expect(await db.logEntry.count({ where: { level: "ERROR" } })).toBe(before);
    const info = await db.logEntry.findFirst({ where: { message: { contains: "the client went away" } } });
    expect(info?.level).toBe("INFO");
  });
});
