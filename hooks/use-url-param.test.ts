import { describe, expect, it } from "vitest";
import { withUrlParam } from "@/hooks/use-url-param";

describe("withUrlParam", () => {
  it("sets the parameter and keeps the others", () => {
    expect(withUrlParam("http://x.test/tasks?status=failed", "task", "abc 1").href).toBe(
      "http://x.test/tasks?status=failed&task=abc+1",
    );
    expect(withUrlParam("http://x.test/agents?agent=old", "agent", "new").search).toBe("?agent=new");
  });

  it("removes the parameter for null", () => {
    expect(withUrlParam("http://x.test/agents?agent=a&tab=teams", "agent", null).search).toBe("?tab=teams");
    expect(withUrlParam("http://x.test/agents#top", "agent", null).href).toBe("http://x.test/agents#top");
  });
});
