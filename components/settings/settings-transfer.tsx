"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, Upload } from "lucide-react";
import { useRef, useState } from "react";
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
import { diffSettings, type SettingChange } from "@/lib/settings/diff";
import { type SettingsDocument, settingsDocumentSchema, settingsFromDocument } from "@/lib/settings/document";
import { describeSettingsIssues } from "@/lib/settings/messages";
import { fieldLabel } from "@/lib/settings/schema";
import { useTRPC } from "@/lib/trpc/react";

const MAX_IMPORT_BYTES = 256 * 1024;

function show(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0 ? "none" : value.map((v) => (v as { name?: string }).name ?? "?").join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Export the settings as JSON; import one after previewing exactly what it would change. */
export function SettingsTransfer() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<{ document: SettingsDocument; changes: SettingChange[] } | null>(null);
  const [exporting, setExporting] = useState(false);

  const importMutation = useMutation(
    trpc.settings.import.mutationOptions({
      onSuccess: async (result) => {
        setPreview(null);
        toast.success("Settings imported", {
          description: result.changed.length
            ? `Changed: ${result.changed.map(fieldLabel).join(", ")}.`
            : "Nothing changed.",
        });
        if (result.restartRequired.length > 0) {
          toast.warning("Restart required", {
            description: `${result.restartRequired.map(fieldLabel).join(", ")} take effect after a restart.`,
            duration: 15_000,
          });
        }
        await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
      onError: (err) => toast.error("The settings were not imported", { description: err.message }),
    }),
  );

  const exportFile = async () => {
    setExporting(true);
    try {
      const document = await queryClient.fetchQuery({ ...trpc.settings.export.queryOptions(), staleTime: 0 });
      const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const a = Object.assign(window.document.createElement("a"), {
        href: url,
        download: `settings-${new Date().toISOString().slice(0, 10)}.json`,
      });
      a.click();
      URL.revokeObjectURL(url);
      toast.success("Settings exported", { description: "Secrets are not included; they stay in the vault." });
    } catch (err) {
      toast.error("The settings could not be exported", { description: (err as Error).message });
    } finally {
      setExporting(false);
    }
  };

  const readFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES)
      return toast.error("That file is too large to be a settings export (256 KB at most).");
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return toast.error("That file is not valid JSON.");
    }
    const parsed = settingsDocumentSchema.safeParse(json);
    if (!parsed.success)
      return toast.error("This file cannot be imported", {
        description: describeSettingsIssues(parsed.error, ["settings"]),
      });
    const current = await queryClient.fetchQuery(trpc.settings.get.queryOptions());
    setPreview({ document: parsed.data, changes: diffSettings(current, settingsFromDocument(parsed.data, current)) });
  };

  return (
    <div className="flex flex-wrap gap-2">
      <Button
        type="button"
        variant="outline"
        size="sm"
        data-testid="settings-export"
        disabled={exporting}
        onClick={exportFile}
      >
        <Download /> Export
      </Button>
      <Button
        type="button"
        variant="outline"
        size="sm"
        data-testid="settings-import"
        onClick={() => fileInput.current?.click()}
      >
        <Upload /> Import
      </Button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid="settings-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void readFile(file);
        }}
      />
      <Dialog open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <DialogContent data-testid="settings-import-preview">
          <DialogHeader>
            <DialogTitle>Import settings</DialogTitle>
            <DialogDescription>
              {preview?.changes.length
                ? "Applying this file changes the following settings:"
                : "This file matches the settings in use; importing it changes nothing."}
            </DialogDescription>
          </DialogHeader>
          {preview && preview.changes.length > 0 && (
            <ul className="flex max-h-72 flex-col gap-2 overflow-y-auto text-sm">
              {preview.changes.map((c) => (
                <li key={c.path} className="rounded-md border px-3 py-2">
                  <p className="font-medium">{fieldLabel(c.path)}</p>
                  <p className="break-all text-muted-foreground">
                    <span className="line-through">{show(c.from)}</span> →{" "}
                    <span className="text-foreground">{show(c.to)}</span>
                  </p>
                </li>
              ))}
            </ul>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setPreview(null)}>
              Cancel
            </Button>
            <Button
              type="button"
              data-testid="settings-import-apply"
              disabled={!preview || preview.changes.length === 0 || importMutation.isPending}
              onClick={() => preview && importMutation.mutate({ document: preview.document })}
            >
              {importMutation.isPending ? "Applying…" : "Apply import"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
