import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/tasks/[id]/artifacts/[artifactId]/route";
import { db } from "@/server/db";
import { storeArtifact } from "@/server/tasks/artifacts";
import { makeUser } from "@/tests/support/auth";

function get(taskId: string, artifactId: string, headers?: Headers) {
  return GET(new Request(`http://localhost/api/tasks/${taskId}/artifacts/${artifactId}`, { headers }), {
    params: Promise.resolve({ id: taskId, artifactId }),
  });
}

describe("GET /api/tasks/:id/artifacts/:artifactId", () => {
  it("downloads the file for the owner and an admin, 404 for anyone else", async () => {
    const owner = await makeUser("user");
    const other = await makeUser("user");
    const admin = await makeUser("admin");
    const task = await db.task.create({
      data: { kind: "job", title: "report", ownerId: owner.user.id, status: "succeeded" },
    });
    const artifact = await storeArtifact({ taskId: task.id, name: "report.txt", mime: "text/plain", data: "hello" });

    const res = await get(task.id, artifact.id, owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("content-disposition")).toContain('filename="report.txt"');
    expect(await res.text()).toBe("hello");
    expect((await get(task.id, artifact.id, admin.headers)).status).toBe(200);

    const denied = await get(task.id, artifact.id, other.headers);
    expect(denied.status).toBe(404);
    expect((await get(task.id, "missing1", owner.headers)).status).toBe(404);
    expect((await get("bad id!", artifact.id, owner.headers)).status).toBe(400);
    expect((await get(task.id, artifact.id)).status).toBe(401);
  });
});
