import { Fragment } from "react";
import { MARK_END, MARK_START } from "@/lib/logs/fts-query";

/**
 * Renders a message whose matches the server wrapped in markers. The text only ever becomes text
 * nodes and <mark> elements, so log content can never inject markup.
 */
export function HighlightedText({ text, highlight }: { text: string; highlight?: string | null }) {
  if (!highlight) return <>{text}</>;
  const parts: { text: string; mark: boolean }[] = [];
  for (const [i, chunk] of highlight.split(MARK_START).entries()) {
    if (i === 0) {
      if (chunk) parts.push({ text: chunk, mark: false });
      continue;
    }
    const end = chunk.indexOf(MARK_END);
    if (end === -1) {
      parts.push({ text: chunk, mark: false });
      continue;
    }
    parts.push({ text: chunk.slice(0, end), mark: true });
    if (end + 1 < chunk.length) parts.push({ text: chunk.slice(end + 1), mark: false });
  }
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces split from one string have no identity but their position, and the list is rebuilt whole from `highlight`.
        <Fragment key={i}>{p.mark ? <mark data-testid="log-match">{p.text}</mark> : p.text}</Fragment>
      ))}
    </>
  );
}
