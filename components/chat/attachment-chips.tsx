"use client";

import { AlertTriangle, FileText, ImageIcon, Loader2, X } from "lucide-react";
import type { ComposerFile } from "@/components/chat/attachment-upload";
import { formatBytes } from "@/lib/format";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/utils";
import type { AttachmentInfo } from "@/server/chat/attachments";

const fileUrl = (id: string) => `/api/chat/attachments/${encodeURIComponent(id)}`;

function KindIcon({ kind }: { kind: string }) {
  return kind === "image" ? (
    <ImageIcon className="size-4 shrink-0" aria-hidden />
  ) : (
    <FileText className="size-4 shrink-0" aria-hidden />
  );
}

/** The composer's files: name, size, upload progress or the reason it was refused, and remove. */
export function ComposerFileChips({ files, onRemove }: { files: ComposerFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2 px-3 pt-2" aria-label="Attached files" data-testid="chat-attachments-pending">
      {files.map((f) => (
        <li
          key={f.key}
          data-testid="chat-attachment-chip"
          data-state={f.state}
          className={cn(
            "flex max-w-[16rem] min-w-0 items-center gap-2 rounded-md border px-2 py-1 text-xs",
            f.state === "failed" && "border-destructive/50 bg-destructive/10",
          )}
          title={f.state === "failed" ? f.error : f.name}
        >
          {f.state === "uploading" ? (
            <Loader2 className="size-4 shrink-0 animate-spin" aria-hidden />
          ) : f.state === "failed" ? (
            <AlertTriangle className="size-4 shrink-0 text-destructive" aria-hidden />
          ) : (
            <KindIcon kind={f.info.kind} />
          )}
          <span className="flex min-w-0 flex-col">
            <span className="truncate font-medium">{f.name}</span>
            {f.state === "uploading" && (
              <Progress
                value={Math.round(f.progress * 100)}
                className="mt-0.5 h-1 w-24"
                aria-label={`Uploading ${f.name}`}
              />
            )}
            {f.state === "failed" && (
              <span className="line-clamp-2 text-destructive" role="alert">
                {f.error}
              </span>
            )}
            {f.state === "ready" && (
              <span className="text-muted-foreground">
                {formatBytes(f.size)}
                {f.info.truncated ? " · cut to fit" : ""}
              </span>
            )}
          </span>
          <button
            type="button"
            onClick={() => onRemove(f.key)}
            className="rounded p-0.5 hover:bg-muted"
            aria-label={`Remove ${f.name}`}
            data-testid="chat-attachment-remove"
          >
            <X className="size-3.5" />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Files sent with a prompt: images as thumbnails, other files as links to download them. */
export function MessageAttachments({ attachments }: { attachments: AttachmentInfo[] }) {
  return (
    <ul className="flex flex-wrap justify-end gap-2" data-testid="chat-message-attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a
            href={fileUrl(a.id)}
            target="_blank"
            rel="noreferrer"
            className="flex items-center gap-2 rounded-md border bg-card px-2 py-1 text-xs hover:bg-muted"
            title={a.name}
          >
            {a.kind === "image" ? (
              // biome-ignore lint/performance/noImgElement: the file is private to the signed-in user, which next/image's optimizer cannot fetch
              <img src={fileUrl(a.id)} alt={a.name} className="size-10 rounded object-cover" loading="lazy" />
            ) : (
              <KindIcon kind={a.kind} />
            )}
            <span className="max-w-[12rem] truncate">{a.name}</span>
            <span className="text-muted-foreground">{formatBytes(a.size)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
