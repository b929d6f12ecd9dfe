"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

/** Shows a new token the one time it exists in clear; closing the dialog forgets it. */
export function TokenCreatedDialog({
  created,
  onClose,
}: {
  created: { name: string; token: string } | null;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
      toast.success("The token was copied.");
    } catch {
      toast.error("The browser refused the clipboard. Select the token and copy it by hand.");
    }
  }

  return (
    <Dialog
      open={created !== null}
      onOpenChange={(open) => {
        if (open) return;
        setCopied(false);
        onClose();
      }}
    >
      <DialogContent data-testid="token-created-dialog">
        <DialogHeader>
          <DialogTitle>Token “{created?.name}” created</DialogTitle>
          <DialogDescription>
            Use it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> from scripts and typed tRPC
            clients.
          </DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2 rounded-md border bg-muted p-2">
          <code className="min-w-0 flex-1 font-mono text-xs break-all select-all" data-testid="token-created-value">
            {created?.token}
          </code>
          <Button size="icon" variant="ghost" onClick={copy} aria-label="Copy the token" data-testid="token-copy">
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          </Button>
        </div>
        <p role="alert" className="flex items-start gap-2 rounded-md bg-warning/15 px-3 py-2 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          Copy it now: it will not be shown again. Only its prefix is kept, so a lost token cannot be recovered; revoke
          it and create a new one.
        </p>
        <DialogFooter>
          <Button onClick={onClose} data-testid="token-created-done">
            I have copied it
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
