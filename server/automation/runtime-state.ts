import { db } from "@/server/db";

/** Small JSON values in RuntimeState: the scheduler's pause switch and the last health report. */
export async function readState<T>(key: string): Promise<T | null> {
  const row = await db.runtimeState.findUnique({ where: { key } });
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

export async function writeState(key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db.runtimeState.upsert({ where: { key }, create: { key, value: text }, update: { value: text } });
}

export const PAUSE_KEY = "scheduler.paused";
export const HEALTH_KEY = "health.last";
export const TICK_KEY = "scheduler.lastTick";

export interface PauseState {
  paused: boolean;
  at: string;
  by: string | null;
}

export async function isSchedulerPaused(): Promise<boolean> {
  return (await readState<PauseState>(PAUSE_KEY))?.paused === true;
}

/** Pause keeps every job's next run; Resume lets overdue jobs fire once at the next tick. */
export async function setSchedulerPaused(paused: boolean, by: string | null): Promise<PauseState> {
  const state = { paused, at: new Date().toISOString(), by };
  await writeState(PAUSE_KEY, state);
  return state;
}
