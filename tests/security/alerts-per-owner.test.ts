import { describe, expect, it } from "vitest";
import { raiseAlert } from "@/server/alerts/alerts";
import { recordAgentFailure } from "@/server/agents/failures";
import { type BusEvent, eventBus } from "@/server/events";
import { canReceive } from "@/server/events-access";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 15: error alerts went to every signed-in user over SSE, with other users'
 * agent names in them. An alert about someone's agent goes to that person; the machine's own
 * alerts go to admins only.
 */
function capture(): { events: BusEvent[]; stop: () => void } {
  const events: BusEvent[] = [];
  const stop = eventBus.subscribe(["notifications"], (e) => events.push(e));
  return { events, stop };
}

describe("alert notifications", () => {
  it("about a user's agent reach that user only", async () => {
    const alice = await makeUser("user");
    const bob = await makeUser("user");
    const agent = await alice.caller.agents.create({
      name: `Alice's secret agent ${Date.now()}`,
      role: "r",
      systemPrompt: "s",
    });
    const seen = capture();
    for (let i = 0; i < 5; i++) await recordAgentFailure(agent.id, { reason: "boom" });
    seen.stop();
    const alert = seen.events.find((e) => (e.data as { title: string }).title.includes("secret agent"));
    expect(alert).toBeDefined();
    expect(canReceive({ id: alice.user.id, role: "user" }, alert!)).toBe(true);
    expect(canReceive({ id: bob.user.id, role: "user" }, alert!)).toBe(false);
  });

  it("about the machine reach admins only", async () => {
    const seen = capture();
    await raiseAlert({
      level: "critical",
      source: "health_check",
      title: `Disk full ${Date.now()}`,
      message: "0 B left",
    });
    seen.stop();
    const alert = seen.events.at(-1)!;
    expect(canReceive({ id: "someone", role: "user" }, alert)).toBe(false);
    expect(canReceive({ id: "an-admin", role: "admin" }, alert)).toBe(true);
  });
});
