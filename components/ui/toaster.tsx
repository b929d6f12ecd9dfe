"use client";

import { useTheme } from "next-themes";
import { Toaster as Sonner } from "sonner";

/** sonner's Toaster following the app theme, so toasts are readable in dark mode too. */
export function Toaster(props: React.ComponentProps<typeof Sonner>) {
  const { theme = "system" } = useTheme();
  return (
    <Sonner theme={theme as "light" | "dark" | "system"} richColors closeButton position="bottom-right" {...props} />
  );
}
