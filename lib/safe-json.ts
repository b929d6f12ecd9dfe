/**
 * JSON.parse for text from the network that must not carry keys able to reach an object's
 * prototype when merged later ("__proto__", constructor.prototype): such a text throws, as the
 * AI SDK's own parser does. The walk runs only when the text could hold one of those keys
 * (spelled out or \u-escaped), so ordinary chunks cost a JSON.parse and two string searches.
 */
export function parseJsonSafely(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object") return value;
  if (!text.includes("proto") && !text.includes("constructor") && !text.includes("\\u")) return value;
  let level: object[] = [value];
  while (level.length) {
    const next: object[] = [];
    for (const node of level) {
      if (Object.hasOwn(node, "__proto__")) throw new SyntaxError("The JSON holds a forbidden __proto__ key.");
      const ctor = Object.hasOwn(node, "constructor") ? (node as { constructor: unknown }).constructor : null;
      if (ctor !== null && typeof ctor === "object" && Object.hasOwn(ctor, "prototype"))
        throw new SyntaxError("The JSON holds a forbidden constructor.prototype key.");
      for (const child of Object.values(node)) if (child !== null && typeof child === "object") next.push(child);
    }
    level = next;
  }
  return value;
}
