// One way to put an error into a log line or a message: its message, and its cause's when it has
// one (fetch's "fetch failed" says nothing without it).

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
