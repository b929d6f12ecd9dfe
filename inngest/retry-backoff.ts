/** Backoff between a run's own retries (durable sleeps): 5 s, 10 s, 20 s… capped at 5 minutes. */
export function retryBackoff(attempt: number): string {
  return `${Math.min(300, 5 * 2 ** (attempt - 1))}s`;
}
