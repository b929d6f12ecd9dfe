"use client";

import type { TRPCClient } from "@trpc/client";
import { useEffect } from "react";
import type { CommandSource } from "@/components/shell/command-registry";
import { commandRegistry } from "@/components/shell/command-sources";
import type { AppRouter } from "@/server/api/root";

/** Adds a source to the palette while the calling component is mounted (pass a stable object). */
export function useCommandSource(source: CommandSource<TRPCClient<AppRouter>>) {
  useEffect(() => commandRegistry.register(source), [source]);
}
