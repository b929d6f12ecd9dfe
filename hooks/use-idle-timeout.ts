"use client";

import { useEffect, useRef } from "react";

const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;
/** Shared between tabs, so a tab left in the background does not end a session used in another. */
const STORAGE_KEY = "shell.lastActivity";
const WRITE_EVERY_MS = 5_000;
const CHECK_EVERY_MS = 10_000;

/** Calls onIdle once after `minutes` without pointer or keyboard activity; off when minutes <= 0. */
export function useIdleTimeout(minutes: number, onIdle: () => void) {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  });

  useEffect(() => {
    if (!(minutes > 0)) return;
    const timeoutMs = minutes * 60_000;
    let last = Date.now();
    let written = 0;
    let fired = false;

    const markActive = () => {
      last = Date.now();
      if (last - written < WRITE_EVERY_MS) return;
      written = last;
      try {
        localStorage.setItem(STORAGE_KEY, String(last));
      } catch {
        // Private mode without storage: each tab then measures on its own.
      }
    };
    const lastAnywhere = () => {
      let stored = 0;
      try {
        stored = Number(localStorage.getItem(STORAGE_KEY)) || 0;
      } catch {
        stored = 0;
      }
      return Math.max(last, stored);
    };

    markActive();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, markActive, { passive: true });
    const timer = window.setInterval(
      () => {
        if (fired || Date.now() - lastAnywhere() < timeoutMs) return;
        fired = true;
        onIdleRef.current();
      },
      Math.min(CHECK_EVERY_MS, timeoutMs),
    );
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, markActive);
      window.clearInterval(timer);
    };
  }, [minutes]);
}
