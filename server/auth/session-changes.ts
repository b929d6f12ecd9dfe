import { EventEmitter } from "node:events";

/**
 * Tells open streams in this process that a user's sessions or rights changed (sign-out, password,
 * role, deletion), so they re-check the user at once instead of at their next periodic check
 * (issue 22, finding 9: an admin's event stream kept every user's events after a demotion).
 */
const globalForChanges = globalThis as unknown as { __sessionChanges?: EventEmitter };
globalForChanges.__sessionChanges ??= new EventEmitter().setMaxListeners(0);
const changes = globalForChanges.__sessionChanges;

export function announceSessionChange(userId: string): void {
  changes.emit(userId);
}

export function onSessionChange(userId: string, listener: () => void): () => void {
  changes.on(userId, listener);
  return () => changes.off(userId, listener);
}
