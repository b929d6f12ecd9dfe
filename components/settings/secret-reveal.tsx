"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

export const REVEAL_SECONDS = 30;

/** A revealed value, shown for 30 seconds with a copy button, then hidden again. */
export function SecretReveal({ name, value, onHide }: { name: string; value: string; onHide: () => void }) {
  const [left, setLeft] = useState(REVEAL_SECONDS);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setLeft((s) => s - 1), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left <= 0) onHide();
  }, [left, onHide]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(`Copied ${name}`);
    } catch {
      toast.error("The browser did not allow copying. Select the value and copy it by hand.");
    }
  };

  return (
    <div data-testid="secret-revealed" className="flex flex-col gap-2 rounded-md border bg-muted/40 p-3">
      <div className="flex items-center gap-2">
        <code data-testid="secret-revealed-value" className="min-w-0 flex-1 break-all font-mono text-xs select-all">
          {value}
        </code>
        <Button type="button" size="sm" variant="outline" onClick={copy} aria-label={`Copy ${name}`}>
          {copied ? <Check /> : <Copy />} Copy
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onHide}>
          Hide
        </Button>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        Hidden again in {left} s.
      </p>
    </div>
  );
}
