"use client";

import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { toast } from "sonner";
import { useIdleTimeout } from "@/hooks/use-idle-timeout";

/** Signs the user out after the configured idle minutes (Settings > Security; 0 = never). */
export function SessionLock({ minutes }: { minutes: number }) {
  const router = useRouter();
  const pathname = usePathname();
  useIdleTimeout(minutes, async () => {
    await signOut({ redirect: false });
    toast.info("You were signed out", {
      description: `Nobody used this window for ${minutes} minute${minutes === 1 ? "" : "s"}, so the session was locked. Sign in to go on.`,
      duration: Infinity,
    });
    router.replace(`/sign-in?callbackUrl=${encodeURIComponent(pathname)}`);
    router.refresh();
  });
  return null;
}
