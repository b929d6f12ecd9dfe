/** The sentence inside an error from the chat route (a JSON body) or the network. */
export function errorText(error: Error | undefined): string | null {
  if (!error) return null;
  try {
    const parsed = JSON.parse(error.message) as { error?: { message?: string } };
    if (parsed.error?.message) return parsed.error.message;
  } catch {
    // not JSON: the message is already a sentence
  }
  return error.message === "Failed to fetch"
    ? "The server could not be reached. Check your connection and try again."
    : error.message;
}
