"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, Copy, FileUp, Loader2, RotateCcw, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
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
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { documentHref } from "@/components/knowledge/format";
import { formatBytes } from "@/lib/format";
import { uploadDocument } from "@/components/knowledge/upload-client";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

type Item =
  | { key: string; file: File; state: "waiting" | "uploading"; progress: number }
  | { key: string; file: File; state: "refused" | "failed"; error: string }
  | { key: string; file: File; state: "duplicate"; documentId: string | null; title: string }
  | { key: string; file: File; state: "ingesting"; taskId: string }
  | { key: string; file: File; state: "done"; documentId: string; pending: boolean };

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot >= 0 ? name.slice(dot).toLowerCase() : "";
}

async function sha256(file: File): Promise<string | null> {
  if (typeof crypto === "undefined" || !crypto.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Upload modal: drop or pick many files, type and size checked before sending, the same bytes
 * twice in one batch or already in the namespace reported as duplicates; each file shows its
 * upload progress, then its ingestion progress (the ingest task), then a link to the document.
 */
export function UploadDialog({
  open,
  onOpenChange,
  namespaces,
  namespace,
  maxUploadMb,
  supportedExtensions,
  onChanged,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  namespaces: string[];
  namespace: string;
  maxUploadMb: number;
  supportedExtensions: string[];
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const [items, setItems] = useState<Item[]>([]);
  const [target, setTarget] = useState(namespace);
  const [embed, setEmbed] = useState(true);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const limit = maxUploadMb * 1024 * 1024;

  useEffect(() => {
    if (open) setTarget(namespace);
  }, [open, namespace]);

  const update = (key: string, next: Item) => setItems((all) => all.map((i) => (i.key === key ? next : i)));
  const taskIds = items.flatMap((i) => (i.state === "ingesting" ? [i.taskId] : []));
  const status = useQuery({
    ...trpc.knowledge.uploadStatus.queryOptions({ taskIds }),
    enabled: taskIds.length > 0,
    refetchInterval: 1000,
  });
  const statusData = status.data;

  useEffect(() => {
    if (!statusData) return;
    let finished = false;
    setItems((all) =>
      all.map((i) => {
        if (i.state !== "ingesting") return i;
        const s = statusData.find((t) => t.taskId === i.taskId);
        if (!s) return i;
        if (s.status === "succeeded" && s.documentId) {
          finished = true;
          return { key: i.key, file: i.file, state: "done", documentId: s.documentId, pending: false };
        }
        if (s.status === "failed" || s.status === "cancelled") {
          finished = true;
          return { key: i.key, file: i.file, state: "failed", error: s.error ?? "The ingestion failed." };
        }
        return i;
      }),
    );
    if (finished) onChanged();
  }, [statusData, onChanged]);

  async function send(item: Item) {
    update(item.key, { key: item.key, file: item.file, state: "uploading", progress: 0 });
    try {
      const out = await uploadDocument(item.file, { namespace: target, embed }, (f) =>
        update(item.key, { key: item.key, file: item.file, state: "uploading", progress: f }),
      );
      if (out.status === "queued")
        update(item.key, { key: item.key, file: item.file, state: "ingesting", taskId: out.taskId });
      else if (out.status === "duplicate")
        update(item.key, {
          key: item.key,
          file: item.file,
          state: "duplicate",
          documentId: out.documentId,
          title: out.title,
        });
      else if (out.status === "failed")
        update(item.key, { key: item.key, file: item.file, state: "failed", error: out.error });
      else
        update(item.key, { key: item.key, file: item.file, state: "done", documentId: out.documentId, pending: true });
      onChanged();
    } catch (err) {
      update(item.key, { key: item.key, file: item.file, state: "failed", error: (err as Error).message });
    }
  }

  async function add(files: File[]) {
    const allowed = new Set(supportedExtensions);
    const seen = new Map<string, string>();
    let total = items.reduce((n, i) => n + (i.state === "refused" || i.state === "duplicate" ? 0 : i.file.size), 0);
    const next: Item[] = [];
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      if (!allowed.has(extensionOf(file.name))) {
        next.push({ key, file, state: "refused", error: "This type of file cannot be indexed." });
        continue;
      }
      if (file.size === 0) {
        next.push({ key, file, state: "refused", error: "The file is empty." });
        continue;
      }
      if (file.size > limit || total + file.size > limit) {
        next.push({
          key,
          file,
          state: "refused",
          error: `The total size must stay at or below the upload limit of ${maxUploadMb} MB (Settings -> System).`,
        });
        continue;
      }
      const hash = await sha256(file).catch(() => null);
      if (hash && seen.has(hash)) {
        next.push({ key, file, state: "duplicate", documentId: null, title: seen.get(hash)! });
        continue;
      }
      if (hash) seen.set(hash, file.name);
      total += file.size;
      next.push({ key, file, state: "waiting", progress: 0 });
    }
    setItems((all) => [...all, ...next]);
    for (const item of next) if (item.state === "waiting") await send(item);
    const refused = next.filter((i) => i.state === "refused").length;
    if (refused) toast.error(`${refused} file${refused > 1 ? "s were" : " was"} refused; see the list for why.`);
  }

  const busy = items.some((i) => i.state === "uploading" || i.state === "waiting");
  const totalBytes = items.reduce((n, i) => n + i.file.size, 0);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next && !items.some((i) => i.state === "ingesting" || i.state === "uploading")) setItems([]);
      }}
    >
      <DialogContent className="sm:max-w-2xl" data-testid="upload-dialog">
        <DialogHeader>
          <DialogTitle>Upload documents</DialogTitle>
          <DialogDescription>
            PDF, DOCX, XLSX, CSV, HTML, Markdown, text, source code and EML. Total size ≤ configured max upload limit (
            {maxUploadMb} MB).
          </DialogDescription>
        </DialogHeader>
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="upload-namespace">Namespace</Label>
            <Select value={target} onValueChange={setTarget}>
              <SelectTrigger id="upload-namespace" className="w-44" data-testid="upload-namespace">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {namespaces.map((n) => (
                  <SelectItem key={n} value={n}>
                    {n}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="flex items-center gap-2 pb-2">
            <Switch id="upload-embed" checked={embed} onCheckedChange={setEmbed} data-testid="upload-embed" />
            <Label htmlFor="upload-embed">Auto-embed</Label>
          </div>
          <p className="pb-2 text-xs text-muted-foreground">
            {embed
              ? "Each file becomes an ingest task (Tasks page)."
              : "Text is indexed for keyword search now; embed later with Re-embed."}
          </p>
        </div>
        <button
          type="button"
          className={cn(
            "flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm transition-colors",
            dragging ? "border-primary bg-primary/5" : "border-border hover:bg-accent/50",
          )}
          onClick={() => inputRef.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void add(Array.from(e.dataTransfer.files));
          }}
          data-testid="upload-drop"
        >
          <FileUp className="size-6 text-muted-foreground" aria-hidden />
          <span className="font-medium">Drop files here or click to choose</span>
          <span className="text-xs text-muted-foreground">
            Several at once; the same content already in the namespace is reported, not stored twice.
          </span>
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          accept={supportedExtensions.join(",")}
          data-testid="upload-input"
          onChange={(e) => {
            void add(Array.from(e.target.files ?? []));
            e.target.value = "";
          }}
        />
        {items.length > 0 && (
          <ul className="flex max-h-72 flex-col gap-2 overflow-y-auto" data-testid="upload-list">
            {items.map((i) => (
              <UploadRow
                key={i.key}
                item={i}
                ingest={i.state === "ingesting" ? statusData?.find((t) => t.taskId === i.taskId) : undefined}
                onRetry={() => void send(i)}
                onRemove={() => setItems((all) => all.filter((x) => x.key !== i.key))}
                onOpen={() => onOpenChange(false)}
              />
            ))}
          </ul>
        )}
        <DialogFooter className="items-center sm:justify-between">
          <span className="text-xs text-muted-foreground">
            {items.length
              ? `${items.length} file${items.length > 1 ? "s" : ""}, ${formatBytes(totalBytes)}`
              : "No files chosen yet."}
          </span>
          <Button variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
            {busy ? "Uploading…" : "Close"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

interface IngestStatus {
  status: string;
  progress: number;
  message: string | null;
}

function UploadRow({
  item,
  ingest,
  onRetry,
  onRemove,
  onOpen,
}: {
  item: Item;
  ingest?: IngestStatus;
  onRetry: () => void;
  onRemove: () => void;
  onOpen: () => void;
}) {
  return (
    <li
      className="flex flex-col gap-1 rounded-md border px-3 py-2"
      data-testid="upload-item"
      data-state={item.state}
      data-name={item.file.name}
    >
      <div className="flex items-center gap-2 text-sm">
        {item.state === "done" ? (
          <CheckCircle2 className="size-4 shrink-0 text-success" aria-hidden />
        ) : item.state === "refused" || item.state === "failed" ? (
          <CircleAlert className="size-4 shrink-0 text-destructive" aria-hidden />
        ) : item.state === "duplicate" ? (
          <Copy className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        ) : (
          <Loader2 className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden />
        )}
        <span className="min-w-0 flex-1 truncate font-medium">{item.file.name}</span>
        <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{formatBytes(item.file.size)}</span>
        {item.state === "failed" && (
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            onClick={onRetry}
            aria-label={`Retry ${item.file.name}`}
          >
            <RotateCcw aria-hidden />
          </Button>
        )}
        {(item.state === "refused" ||
          item.state === "failed" ||
          item.state === "duplicate" ||
          item.state === "done") && (
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            onClick={onRemove}
            aria-label={`Remove ${item.file.name} from the list`}
          >
            <X aria-hidden />
          </Button>
        )}
      </div>
      <UploadState item={item} ingest={ingest} onOpen={onOpen} />
    </li>
  );
}

function UploadState({ item, ingest, onOpen }: { item: Item; ingest?: IngestStatus; onOpen: () => void }) {
  switch (item.state) {
    case "waiting":
      return <p className="text-xs text-muted-foreground">Waiting…</p>;
    case "uploading":
      return <Progress value={Math.round(item.progress * 100)} aria-label={`Uploading ${item.file.name}`} />;
    case "ingesting":
      return (
        <div className="flex flex-col gap-1">
          <Progress value={ingest?.progress ?? 0} aria-label={`Ingesting ${item.file.name}`} />
          <p className="text-xs text-muted-foreground">
            {ingest?.message ?? (ingest?.status === "running" ? "Ingesting…" : "Queued for ingestion…")}
          </p>
        </div>
      );
    case "refused":
    case "failed":
      return <p className="text-xs text-destructive">{item.error}</p>;
    case "duplicate":
      return (
        <p className="text-xs text-muted-foreground" data-testid="upload-duplicate">
          Duplicate: the same content is already {item.documentId ? "in this namespace as " : "in this batch as "}
          {item.documentId ? (
            <Link className="underline" href={documentHref(item.documentId)} onClick={onOpen}>
              {item.title}
            </Link>
          ) : (
            item.title
          )}
          ; it was not stored again.
        </p>
      );
    case "done":
      return (
        <p className="text-xs text-muted-foreground">
          {item.pending ? "Indexed for keyword search; not embedded yet. " : "Embedded. "}
          <Link className="underline" href={documentHref(item.documentId)} onClick={onOpen}>
            Open the document
          </Link>
        </p>
      );
  }
}
