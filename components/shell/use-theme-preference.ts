"use client";

import { useTheme } from "next-themes";
import { useCallback } from "react";
import { toast } from "sonner";
import { saveThemeAction } from "@/app/(app)/profile/actions";
import type { ThemeChoice } from "@/lib/profile/schemas";

/** Applies a theme at once and saves it to the account, so it follows the user to other devices. */
export function useThemePreference() {
  const { theme, setTheme } = useTheme();
  const choose = useCallback(
    async (next: ThemeChoice) => {
      setTheme(next);
      const result = await saveThemeAction({ theme: next });
      if (result.status !== "success") toast.error(`The theme was applied here but not saved: ${result.message}`);
      return result;
    },
    [setTheme],
  );
  return { theme: (theme ?? "system") as ThemeChoice, choose };
}
