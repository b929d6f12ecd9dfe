import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { setupNeedsCode } from "@/server/auth/setup-code";
import { countUsers } from "@/server/users/users";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers()) > 0) redirect("/sign-in");
  return <SetupForm needsCode={setupNeedsCode(await headers())} />;
}
