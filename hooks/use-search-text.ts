"use client";

import { useEffect, useState } from "react";

const SEARCH_DELAY_MS = 300;

/**
 * The text of a filter's search box: typed freely, committed with `commit(text)` after a pause
 * (or at once on submit), and reset when the committed query changes from outside.
 */
export function useSearchText(query: string, commit: (text: string) => void) {
  const [text, setText] = useState(query);
  const [prevQuery, setPrevQuery] = useState(query);
  if (prevQuery !== query) {
    setPrevQuery(query);
    setText(query);
  }

  useEffect(() => {
    if (text === query) return;
    const t = setTimeout(() => commit(text), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, query, commit]);

  return [text, setText] as const;
}
