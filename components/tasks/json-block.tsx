/** Pretty JSON in a scrollable block, or a note when there is none. */
export function JsonBlock({ value, empty, testId }: { value: unknown; empty: string; testId?: string }) {
  if (value === null || value === undefined) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <pre
      className="max-h-64 overflow-auto rounded-md bg-muted p-2 text-xs break-words whitespace-pre-wrap"
      data-testid={testId}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
