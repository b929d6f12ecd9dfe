import { getRuntimeStateByKey, upsertRuntimeState } from "@/server/automation/store/runtime-state";

/** Small JSON values in RuntimeState: the scheduler's pause switch and the last health report. */
export async function readState<T>(key: string): Promise<T | null> {
  const value = await getRuntimeStateByKey({ key });
  if (value === null) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

export async function writeState(key: string, value: unknown): Promise<void> {
  await upsertRuntimeState({ key, value: JSON.stringify(value) });
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
