import type { BusEvent } from "@/server/events";

export interface EventViewer {
  id: string;
  role: "admin" | "user";
}

/**
 * Who may see an event, per topic. Logs carry other people's activity, so a non-admin sees only
 * the entries their own requests wrote. Progress and notifications addressed to one user stay
 * private even from admins; unaddressed ones are broadcasts. Settings changes concern everyone.
 * Task changes go to the task's owner and to admins. An event meant for admins (operators'
 * alerts) reaches only admins.
 */
export function canReceive(viewer: EventViewer, event: BusEvent): boolean {
  if (event.audience === "admins" && viewer.role !== "admin") return false;
  switch (event.topic) {
    case "logs":
      return viewer.role === "admin" || event.userId === viewer.id;
    case "settings":
      return true;
    case "tasks":
      // Ownerless tasks are system work (cron, start-up): admins only.
      return viewer.role === "admin" || (!!event.userId && event.userId === viewer.id);
    case "progress":
    case "notifications":
      return !event.userId || event.userId === viewer.id;
    default:
      return false;
  }
}
