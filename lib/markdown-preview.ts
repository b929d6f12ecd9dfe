/**
 * A one-line plain-text glimpse of a Markdown message, for lists: the words a reader sees, without
 * the syntax around them (`**`, `#`, fences, table pipes, link targets). Not a Markdown parser;
 * it only has to read well when truncated to a line.
 */
export function markdownPreview(markdown: string): string {
  return markdown
    .replace(/^ {0,3}(`{3,}|~{3,}).*$/gm, " ")
    .replace(/^ {0,3}\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*$/gm, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^ {0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)/gm, "")
    .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?![\w*])/g, "$1$2")
    .replace(/`+([^`]*)`+/g, "$1")
    .replace(/\$\$?/g, "")
    .replace(/\s*\|(?:\s*\|)*\s*/g, " · ")
    .replace(/\s+/g, " ")
    .replace(/^ · | · $/g, "")
    .trim();
}
