import type { Metadata, Viewport } from "next";
import { RootContext } from "@/components/context/root-context";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Local Agent Platform", template: "%s · Local Agent Platform" },
  description: "Local-first AI agents, chat, documents, workflows and monitoring.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh font-sans">
        <RootContext>{children}</RootContext>
      </body>
    </html>
  );
}
