"use client";

import { useCallback, useState } from "react";

/** `href` with `name` set to `value`, or without it when `value` is null. */
export function withUrlParam(href: string, name: string, value: string | null): URL {
  const url = new URL(href);
  if (value) url.searchParams.set(name, value);
  else url.searchParams.delete(name);
  return url;
}

/**
 * A value kept in `?name=` of the address bar, so a selection can be linked to and survives a
 * reload. replaceState, not the router: changing it must not refetch the page or add history.
 */
export function useUrlParam(name: string, initial: string | null) {
  const [value, setValue] = useState<string | null>(initial);
  const set = useCallback(
    (next: string | null) => {
      setValue(next);
      window.history.replaceState(null, "", withUrlParam(window.location.href, name, next));
    },
    [name],
  );
  return [value, set] as const;
}
