"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, FolderSearch, Loader2, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";

type Folder = inferRouterOutputs<AppRouter>["knowledgeWatch"]["folders"][number];
type FileStatus = "queued" | "pending" | "embedded" | "failed";

const STATUS_BADGE: Record<FileStatus, "success" | "warning" | "destructive" | "secondary"> = {
  embedded: "success",
  pending: "warning",
  failed: "destructive",
  queued: "secondary",
};

/** "a.md, docs/**" or one per line → list. */
function globs(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((g) => g.trim())
    .filter(Boolean);
}

/**
 * Watched folders (admin): each folder's files follow into a namespace (added, changed, deleted,
 * renamed), with per-status counts, per-file status and errors, enable/disable, rescan and remove.
 */
export function WatchedFoldersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const folders = useQuery({
    ...trpc.knowledgeWatch.folders.queryOptions(),
    refetchInterval: (q) => ((q.state.data ?? []).some((f) => f.counts.queued + f.counts.pending > 0) ? 2000 : 10_000),
    retry: false,
  });
  const [adding, setAdding] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.knowledgeWatch.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  };

  if (folders.error)
    return (
      <p className="text-sm text-muted-foreground">
        {folders.error.data?.code === "FORBIDDEN" ? "Only an admin can manage watched folders." : folders.error.message}
      </p>
    );
  const list = folders.data ?? [];
  return (
    <div className="flex flex-col gap-4" data-testid="kb-watched-folders">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          Files in these folders are indexed as they are added, changed, renamed or deleted, also while the app was
          stopped.
        </p>
        <Button size="sm" onClick={() => setAdding((a) => !a)} data-testid="watch-add-toggle">
          <Plus /> Add folder
        </Button>
      </div>
      {adding && (
        <AddFolderForm
          onDone={() => {
            setAdding(false);
            refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {folders.isLoading ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 className="size-4 animate-spin" /> Loading watched folders…
        </p>
      ) : list.length === 0 ? (
        !adding && (
          <EmptyState
            icon={FolderSearch}
            title="No watched folders"
            description="Add a folder of documents and choose which files to include or exclude; the index follows it from then on."
            action={
              <Button size="sm" onClick={() => setAdding(true)}>
                <Plus /> Add folder
              </Button>
            }
          />
        )
      ) : (
        <ul className="flex flex-col gap-3">
          {list.map((f) => (
            <FolderItem key={f.id} folder={f} onChanged={refresh} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AddFolderForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const namespaces = useQuery(trpc.knowledge.namespaces.queryOptions());
  const [path, setPath] = useState("");
  const [namespace, setNamespace] = useState("default");
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const add = useMutation(
    trpc.knowledgeWatch.add.mutationOptions({
      onSuccess: (f) => {
        toast.success(`Watching ${f.path}; its files are being indexed.`);
        onDone();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  return (
    <form
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2"
      data-testid="watch-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ path: path.trim(), namespace, include: globs(include), exclude: globs(exclude) });
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="flex flex-col gap-1.5 sm:col-span-2">
        <Label htmlFor="watch-path">Folder (absolute path on the server)</Label>
        <Input
          id="watch-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/me/Documents/reports"
          autoFocus
          required
          data-testid="watch-path"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="watch-ns">Namespace</Label>
        <Select value={namespace} onValueChange={setNamespace}>
          <SelectTrigger id="watch-ns" data-testid="watch-namespace">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {(namespaces.data ?? [{ name: "default" }]).map((ns) => (
              <SelectItem key={ns.name} value={ns.name}>
                {ns.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="watch-include">Include globs (empty = every supported file)</Label>
        <Input
          id="watch-include"
          value={include}
          onChange={(e) => setInclude(e.target.value)}
          placeholder="*.md, reports/**/*.pdf"
          data-testid="watch-include"
        />
      </div>
      <div className="flex flex-col gap-1.5 sm:col-span-2">
        <Label htmlFor="watch-exclude">Exclude globs</Label>
        <Input
          id="watch-exclude"
          value={exclude}
          onChange={(e) => setExclude(e.target.value)}
          placeholder="drafts/**, *.tmp.md"
          data-testid="watch-exclude"
        />
      </div>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" size="sm" disabled={!path.trim() || add.isPending} data-testid="watch-add-submit">
          {add.isPending && <Loader2 className="animate-spin" />} Watch folder
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function FolderItem({ folder: f, onChanged }: { folder: Folder; onChanged: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [removing, setRemoving] = useState(false);
  const enabledId = useId();
  const onError = (e: { message: string }) => toast.error(e.message);
  const update = useMutation(
    trpc.knowledgeWatch.update.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          r.enabled
            ? "Watching again; changes made meanwhile are being picked up."
            : "Paused: changes are not followed until you enable it.",
        );
        onChanged();
      },
      onError,
    }),
  );
  const rescan = useMutation(
    trpc.knowledgeWatch.rescan.mutationOptions({
      onSuccess: () => {
        toast.success("Rescan started.");
        onChanged();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.knowledgeWatch.remove.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Folder removed with ${r.removedDocuments} document(s).`);
        onChanged();
      },
      onError,
    }),
  );
  const counts = f.counts;
  return (
    <li className="rounded-lg border" data-testid="watch-folder" data-path={f.path}>
      <div className="flex flex-wrap items-center gap-3 p-3">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          className="flex min-w-0 flex-1 items-center gap-2 text-left"
          aria-expanded={open}
          aria-label={`Files of ${f.path}`}
        >
          {open ? <ChevronDown className="size-4 shrink-0" /> : <ChevronRight className="size-4 shrink-0" />}
          <span className="truncate font-mono text-sm" title={f.path}>
            {f.path}
          </span>
        </button>
        <Badge variant="outline">{f.namespace}</Badge>
        <div className="flex gap-1" data-testid="watch-counts">
          <Badge variant="success">{counts.embedded} embedded</Badge>
          {counts.queued + counts.pending > 0 && (
            <Badge variant="warning">{counts.queued + counts.pending} pending</Badge>
          )}
          {counts.failed > 0 && <Badge variant="destructive">{counts.failed} failed</Badge>}
        </div>
        <label htmlFor={enabledId} className="flex items-center gap-2 text-sm">
          <Switch
            id={enabledId}
            checked={f.enabled}
            onCheckedChange={(enabled) => update.mutate({ id: f.id, enabled })}
            aria-label="Watch this folder"
            data-testid="watch-enabled"
          />
          {f.enabled ? (f.watching ? "Watching" : "Starting…") : "Paused"}
        </label>
        <Button
          size="sm"
          variant="outline"
          onClick={() => rescan.mutate({ id: f.id, full: false })}
          disabled={rescan.isPending || !f.enabled}
          title="Look for changes now"
          data-testid="watch-rescan"
        >
          <RefreshCw className={rescan.isPending ? "animate-spin" : undefined} /> Rescan
        </Button>
        <Button
          size="icon"
          variant="ghost"
          onClick={() => setRemoving(true)}
          aria-label="Remove folder"
          data-testid="watch-remove"
        >
          <Trash2 />
        </Button>
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 px-3 pb-3 text-xs text-muted-foreground">
        <span>Include: {f.include.length ? f.include.join(", ") : "every supported file"}</span>
        {f.exclude.length > 0 && <span>Exclude: {f.exclude.join(", ")}</span>}
        <span>Last scan: {f.lastScanAt ? new Date(f.lastScanAt).toLocaleString() : "not yet"}</span>
        {f.lastError && <span className="text-destructive">{f.lastError}</span>}
      </div>
      {open && <FolderFiles id={f.id} />}
      <ConfirmDialog
        open={removing}
        title="Stop watching this folder?"
        description={`${f.path} is no longer watched and its ${counts.embedded + counts.pending + counts.failed} document(s) leave the "${f.namespace}" namespace. The files on disk are not touched.`}
        confirmLabel="Remove folder"
        destructive
        onConfirm={() => {
          setRemoving(false);
          remove.mutate({ id: f.id, keepDocuments: false });
        }}
        onCancel={() => setRemoving(false)}
      />
    </li>
  );
}

function FolderFiles({ id }: { id: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<FileStatus | "all">("all");
  const files = useQuery({
    ...trpc.knowledgeWatch.files.queryOptions({ id, status: status === "all" ? undefined : status, limit: 200 }),
    refetchInterval: 3000,
  });
  return (
    <div className="border-t p-3" data-testid="watch-files">
      <div className="mb-2 flex items-center gap-2">
        <Select value={status} onValueChange={(v) => setStatus(v as FileStatus | "all")}>
          <SelectTrigger size="sm" className="w-36" aria-label="File status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All files</SelectItem>
            <SelectItem value="failed">Failed</SelectItem>
            <SelectItem value="pending">Pending</SelectItem>
            <SelectItem value="queued">Queued</SelectItem>
            <SelectItem value="embedded">Embedded</SelectItem>
          </SelectContent>
        </Select>
        <span className="text-xs text-muted-foreground">Failed files first; at most 200 shown.</span>
      </div>
      {files.isLoading ? (
        <p className="text-sm text-muted-foreground">Loading files…</p>
      ) : (files.data ?? []).length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No files {status === "all" ? "indexed from this folder yet" : `with status ${status}`}.
        </p>
      ) : (
        <ul className="flex max-h-80 flex-col divide-y overflow-auto text-sm">
          {(files.data ?? []).map((file) => (
            <li
              key={file.path}
              className="flex flex-col gap-0.5 py-1.5"
              data-testid="watch-file"
              data-status={file.status}
            >
              <div className="flex items-center gap-2">
                <Badge variant={STATUS_BADGE[file.status]}>{file.status}</Badge>
                {file.documentId ? (
                  <a
                    className="truncate font-mono text-xs hover:underline"
                    href={`/knowledge?doc=${file.documentId}`}
                    title={file.path}
                  >
                    {file.relativePath}
                  </a>
                ) : (
                  <span className="truncate font-mono text-xs" title={file.path}>
                    {file.relativePath}
                  </span>
                )}
                {file.chunkCount > 0 && (
                  <span className="ml-auto shrink-0 text-xs text-muted-foreground tabular-nums">
                    {file.chunkCount} chunks
                  </span>
                )}
              </div>
              {file.error && <p className="pl-1 text-xs text-destructive">{file.error}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
