"use client";

import { useTheme } from "next-themes";
import { useEffect } from "react";

/** next-themes keeps the choice of this browser here; when there is none, the account's applies. */
const STORAGE_KEY = "theme";

export function useAccountTheme(accountTheme: string | undefined) {
  const { setTheme } = useTheme();
  useEffect(() => {
    if (!accountTheme || localStorage.getItem(STORAGE_KEY) !== null) return;
    setTheme(accountTheme);
  }, [accountTheme, setTheme]);
}
