"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Copy, RefreshCw, Trash2, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { MetadataEditor } from "@/components/knowledge/metadata-editor";
import {
  type ChunkRow,
  describeLocation,
  documentHref,
  SOURCE_LABEL,
  STATUS_VARIANT,
  TYPE_COLOR,
  TYPE_LABEL,
} from "@/components/knowledge/format";
import { formatBytes, formatDateTime } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

/**
 * A document: overview, its chunks (first 200 characters, expandable, with location), metadata,
 * similar documents and the queries that returned it. With `chunkId` (a chat citation's link)
 * the Chunks tab opens at that passage, highlighted and scrolled into view.
 */
export function DocumentDetail({
  id,
  chunkId,
  canEdit,
  onClose,
  onDeleted,
  onChanged,
}: {
  id: string;
  chunkId: number | null;
  canEdit: (createdById: string | null) => boolean;
  onClose: () => void;
  onDeleted: () => void;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const doc = useQuery(trpc.knowledge.document.queryOptions({ id }));
  const [tab, setTab] = useState(chunkId ? "chunks" : "overview");
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    if (chunkId) setTab("chunks");
  }, [chunkId]);

  const remove = useMutation(
    trpc.knowledge.deleteDocuments.mutationOptions({
      onSuccess: () => {
        toast.success("The document was removed from the index.");
        onDeleted();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const reembed = useMutation(
    trpc.knowledge.reembed.mutationOptions({
      onSuccess: (out) => {
        if (out.queued.length) toast.success("Re-embedding started; follow it on the Tasks page.");
        else toast.error(out.skipped[0]?.reason ?? "Nothing to re-embed.");
        onChanged();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  if (doc.isPending) {
    return (
      <aside className="flex flex-col gap-2 rounded-md border p-4" aria-busy>
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-24 w-full" />
      </aside>
    );
  }
  if (doc.isError) {
    return (
      <aside className="flex flex-col gap-2 rounded-md border p-4" data-testid="kb-detail">
        <div className="flex items-start justify-between">
          <p className="text-sm text-destructive">{doc.error.message}</p>
          <Button size="icon" variant="ghost" onClick={onClose} aria-label="Close the document">
            <X aria-hidden />
          </Button>
        </div>
      </aside>
    );
  }
  const d = doc.data;
  const editable = canEdit(d.createdById);
  return (
    <aside
      className="flex min-w-0 flex-col gap-3 rounded-md border p-4"
      data-testid="kb-detail"
      aria-label={`Document ${d.title}`}
    >
      <div className="flex items-start gap-2">
        <span className={cn("mt-0.5 rounded px-1.5 py-0.5 text-[11px] font-semibold", TYPE_COLOR[d.type])}>
          {TYPE_LABEL[d.type]}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-lg font-semibold" data-testid="kb-detail-title">
            {d.title}
          </h2>
          <p className="truncate text-xs text-muted-foreground" title={d.sourcePath ?? undefined}>
            {formatBytes(d.size)} · added {formatDateTime(d.createdAt)} · {d.sourcePath ?? SOURCE_LABEL[d.source]}
          </p>
        </div>
        <Badge variant={STATUS_VARIANT[d.status] ?? "outline"} data-testid="kb-detail-status">
          {d.status}
        </Badge>
        <Button size="icon" variant="ghost" onClick={onClose} aria-label="Close the document (Esc)">
          <X aria-hidden />
        </Button>
      </div>
      {d.error && (
        <p
          className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
          data-testid="kb-detail-error"
        >
          {d.error}
        </p>
      )}
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList className="flex-wrap">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="chunks" data-testid="kb-tab-chunks">
            Chunks ({d.chunkCount})
          </TabsTrigger>
          <TabsTrigger value="metadata">Metadata</TabsTrigger>
          <TabsTrigger value="similar">Similar</TabsTrigger>
          <TabsTrigger value="queries">Queries</TabsTrigger>
        </TabsList>
        <TabsContent value="overview">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-muted-foreground">Namespace</dt>
            <dd>{d.namespace.name}</dd>
            <dt className="text-muted-foreground">Type</dt>
            <dd>
              {TYPE_LABEL[d.type]} <span className="text-muted-foreground">({d.mime})</span>
            </dd>
            <dt className="text-muted-foreground">Source</dt>
            <dd className="break-all">
              {SOURCE_LABEL[d.source] ?? d.source}
              {d.sourcePath ? ` · ${d.sourcePath}` : ""}
              {d.sourceExists === false && (
                <span className="ml-1 text-destructive">(the file is gone; Cleanup removes the document)</span>
              )}
            </dd>
            <dt className="text-muted-foreground">Embedding</dt>
            <dd>
              {d.status === "embedded"
                ? `${d.namespace.embedderProvider}:${d.namespace.embedderModel} (${d.namespace.dimension}d), ${formatDateTime(d.embeddedAt)}`
                : d.status}
            </dd>
            <dt className="text-muted-foreground">Chunks</dt>
            <dd>
              {d.chunkCount} chunks, about {d.tokens.toLocaleString()} tokens
            </dd>
            <dt className="text-muted-foreground">Content hash</dt>
            <dd className="truncate font-mono text-xs" title={d.contentHash}>
              {d.contentHash.slice(0, 16)}…
            </dd>
            <dt className="text-muted-foreground">Updated</dt>
            <dd>{formatDateTime(d.updatedAt)}</dd>
          </dl>
        </TabsContent>
        <TabsContent value="chunks">
          <ChunkViewer documentId={id} chunkId={chunkId} />
        </TabsContent>
        <TabsContent value="metadata">
          <MetadataEditor id={id} metadata={d.metadata} editable={editable} onSaved={onChanged} />
        </TabsContent>
        <TabsContent value="similar">
          <SimilarDocuments id={id} />
        </TabsContent>
        <TabsContent value="queries">
          <DocumentQueries id={id} />
        </TabsContent>
      </Tabs>
      <div className="flex flex-wrap gap-2 border-t pt-3">
        <Button
          size="sm"
          variant="outline"
          disabled={!editable || reembed.isPending}
          onClick={() => reembed.mutate({ ids: [id] })}
          data-testid="kb-detail-reembed"
        >
          <RefreshCw aria-hidden /> Re-embed
        </Button>
        <Button
          size="sm"
          variant="outline"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(`${location.origin}${documentHref(id)}`)
              .then(() => toast.success("Link copied."))
          }
        >
          <Copy aria-hidden /> Copy link
        </Button>
        <Button
          size="sm"
          variant="destructive"
          disabled={!editable}
          onClick={() => setConfirmDelete(true)}
          data-testid="kb-detail-delete"
        >
          <Trash2 aria-hidden /> Remove from index
        </Button>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={`Remove "${d.title}"?`}
        description="Its chunks and vectors leave the index. The answers that cited it keep their text. This cannot be undone."
        confirmLabel="Remove"
        destructive
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          remove.mutate({ ids: [id] });
        }}
      />
    </aside>
  );
}

function ChunkViewer({ documentId, chunkId }: { documentId: string; chunkId: number | null }) {
  const trpc = useTRPC();
  const [offset, setOffset] = useState<number | null>(null);
  const [q, setQ] = useState("");
  // Another passage to show (a new chunkId) brings the list back around it: reset while rendering,
  // so no render queries the old page first.
  const [shownChunkId, setShownChunkId] = useState(chunkId);
  if (shownChunkId !== chunkId) {
    setShownChunkId(chunkId);
    setOffset(null);
  }
  const around = offset === null && !q && chunkId ? chunkId : undefined;
  const chunks = useQuery(
    trpc.knowledge.chunks.queryOptions({
      documentId,
      offset: offset ?? 0,
      limit: 100,
      aroundChunkId: around,
      q: q || undefined,
    }),
  );
  const targetRef = useRef<HTMLLIElement | null>(null);
  useEffect(() => {
    const target = targetRef.current;
    const list = target?.parentElement;
    if (!chunks.data || !around || !target || !list) return;
    // The passage's header (its location) at the top of the list, then the list itself into view.
    list.scrollTo({ top: target.offsetTop - list.offsetTop });
    list.scrollIntoView({ block: "nearest" });
  }, [chunks.data, around]);

  if (chunks.isError) return <p className="text-sm text-destructive">{chunks.error.message}</p>;
  if (!chunks.data) return <Skeleton className="h-24 w-full" />;
  const { items, total, offset: at, limit } = chunks.data;
  return (
    <div className="flex flex-col gap-2">
      <Input
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOffset(0);
        }}
        placeholder="Search in the chunks"
        aria-label="Search in the chunks"
        className="h-8"
      />
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {q ? "No chunk contains that text." : "No chunks yet: the document is waiting for ingestion or failed."}
        </p>
      ) : (
        <ol className="flex max-h-[50vh] flex-col gap-2 overflow-y-auto pr-1" data-testid="kb-chunks">
          {items.map((c) => (
            <ChunkItem
              key={c.id}
              chunk={c}
              highlighted={c.id === chunkId}
              ref={c.id === chunkId ? targetRef : undefined}
            />
          ))}
        </ol>
      )}
      {total > limit && (
        <div className="flex items-center justify-between text-xs text-muted-foreground">
          <span>
            {at + 1}-{Math.min(total, at + limit)} of {total}
          </span>
          <div className="flex gap-2">
            <Button size="sm" variant="outline" disabled={at === 0} onClick={() => setOffset(Math.max(0, at - limit))}>
              Previous
            </Button>
            <Button size="sm" variant="outline" disabled={at + limit >= total} onClick={() => setOffset(at + limit)}>
              Next
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

function ChunkItem({
  chunk,
  highlighted,
  ref,
}: {
  chunk: ChunkRow;
  highlighted: boolean;
  ref?: React.Ref<HTMLLIElement>;
}) {
  const [open, setOpen] = useState(highlighted);
  const location = describeLocation(chunk);
  const long = chunk.text.length > 200;
  return (
    <li
      ref={ref}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        highlighted && "border-primary bg-primary/5 ring-2 ring-primary/40",
      )}
      data-testid="kb-chunk"
      data-chunk-id={chunk.id}
      data-highlighted={highlighted ? "true" : undefined}
    >
      <div className="mb-1 flex items-center gap-2 text-xs text-muted-foreground">
        <span className="font-mono">#{chunk.seq + 1}</span>
        <span className="font-mono">id {chunk.id}</span>
        {location && (
          <span className="truncate" data-testid="kb-chunk-location">
            {location}
          </span>
        )}
        <span className="ml-auto shrink-0">{chunk.tokens} tokens</span>
      </div>
      <p className="whitespace-pre-wrap break-words select-text">
        {open || !long ? chunk.text : `${chunk.text.slice(0, 200)}…`}
      </p>
      {long && (
        <button
          type="button"
          className="mt-1 inline-flex items-center gap-1 text-xs text-primary hover:underline"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          {open ? <ChevronDown className="size-3" aria-hidden /> : <ChevronRight className="size-3" aria-hidden />}
          {open ? "Show less" : "Show all"} (characters {chunk.charStart}-{chunk.charEnd})
        </button>
      )}
    </li>
  );
}

function SimilarDocuments({ id }: { id: string }) {
  const trpc = useTRPC();
  const similar = useQuery(trpc.knowledge.similar.queryOptions({ id }));
  if (similar.isError) return <p className="text-sm text-destructive">{similar.error.message}</p>;
  if (!similar.data) return <Skeleton className="h-16 w-full" />;
  if (similar.data.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        No similar documents: this one has no vectors yet, or it is alone in its namespace.
      </p>
    );
  return (
    <ol className="flex flex-col gap-1 text-sm">
      {similar.data.map((s) => (
        <li key={s.id} className="flex items-center gap-2">
          <span className="w-6 text-right text-muted-foreground tabular-nums">{s.rank}.</span>
          <span className={cn("rounded px-1.5 py-0.5 text-[11px] font-semibold", TYPE_COLOR[s.type])}>
            {TYPE_LABEL[s.type]}
          </span>
          <Link href={documentHref(s.id)} className="min-w-0 flex-1 truncate hover:underline">
            {s.title}
          </Link>
          <span className="w-28 shrink-0">
            <span
              className="block h-1.5 rounded bg-primary/70"
              style={{ width: `${Math.max(4, s.similarity * 100)}%` }}
            />
          </span>
          <span className="w-12 text-right font-mono text-xs tabular-nums">{s.similarity.toFixed(3)}</span>
        </li>
      ))}
    </ol>
  );
}

function DocumentQueries({ id }: { id: string }) {
  const trpc = useTRPC();
  const queries = useQuery(trpc.knowledge.queries.queryOptions({ id }));
  if (!queries.data) return <Skeleton className="h-16 w-full" />;
  if (queries.data.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        No query has returned this document yet. Try the Query tester (Q).
      </p>
    );
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-xs text-muted-foreground">
        <tr>
          <th className="py-1 font-medium">Query</th>
          <th className="font-medium">From</th>
          <th className="text-right font-medium">Rank</th>
          <th className="text-right font-medium">Score</th>
          <th className="text-right font-medium">ms</th>
          <th className="text-right font-medium">When</th>
        </tr>
      </thead>
      <tbody>
        {queries.data.map((q) => (
          <tr key={q.id} className="border-t">
            <td className="max-w-64 truncate py-1" title={q.query}>
              {q.query}
            </td>
            <td className="text-muted-foreground">{q.origin}</td>
            <td className="text-right tabular-nums">{q.rank}</td>
            <td className="text-right font-mono tabular-nums">{q.score.toFixed(3)}</td>
            <td className="text-right tabular-nums">{q.latencyMs}</td>
            <td className="text-right text-muted-foreground">{formatDateTime(q.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
