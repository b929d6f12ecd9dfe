"use client";

import { useEffect, useRef } from "react";

/**
 * Calls handler on Ctrl+<key> (Cmd+<key> on macOS). Mod shortcuts fire in text fields too, so
 * Ctrl+K opens the palette wherever the focus is.
 */
export function useModHotkey(key: string, handler: (event: KeyboardEvent) => void) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== key.toLowerCase()) return;
      event.preventDefault();
      ref.current(event);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [key]);
}
