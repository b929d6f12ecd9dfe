/** What a built-in job gets from its run: progress and artifacts go to its task, the signal ends it at the timeout. */
export interface BuiltinContext {
  signal: AbortSignal;
  progress: (percent: number, message: string) => Promise<unknown>;
  artifact: (file: { name: string; mime?: string; data: Buffer | string }) => Promise<unknown>;
  /** The app's data directory (a temp one in tests). */
  dataDir: string;
}

/** A context that records nothing, for calling a built-in directly (tests, previews). */
export function quietContext(dataDir: string, signal: AbortSignal = new AbortController().signal): BuiltinContext {
  return { signal, dataDir, progress: async () => undefined, artifact: async () => undefined };
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error("The job ran past its timeout and was stopped.");
}
