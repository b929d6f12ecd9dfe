import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { RootContext } from "@/components/context/root-context";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Local Agent Platform", template: "%s · Local Agent Platform" },
  description: "Local-first AI agents, chat, documents, workflows and monitoring.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Set by proxy.ts with the page's Content-Security-Policy; reading it renders every page per request.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh font-sans">
        <RootContext nonce={nonce}>{children}</RootContext>
      </body>
    </html>
  );
}
