"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Download, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { describeLocation, documentHref, type SearchHitRow } from "@/components/knowledge/format";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";

const ALL_DOCUMENTS = "__all__";

/** "category=policies, author=Ann" → { category: "policies", author: "Ann" }, or the first mistake. */
export function parseMetadataFilter(
  text: string,
): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  const value: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, error: `"${part}" is not key=value.` };
    value[part.slice(0, eq).trim()] = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { ok: true, value };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function hitsToCsv(hits: SearchHitRow[]): string {
  const head = [
    "rank",
    "document",
    "sourcePath",
    "location",
    "score",
    "bm25Rank",
    "bm25Score",
    "vectorRank",
    "vectorDistance",
    "similarity",
    "chunkId",
    "text",
  ];
  const rows = hits.map((h) => [
    h.rank,
    h.documentTitle,
    h.sourcePath,
    describeLocation(h),
    h.score,
    h.bm25Rank,
    h.bm25Score,
    h.vectorRank,
    h.vectorDistance,
    h.similarity,
    h.chunkId,
    h.text,
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(",")).join("\n");
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Query tester: the namespace's retrieval with every retriever's view of each hit (BM25 rank and
 * score, vector rank and distance, fused score), filters by document and metadata, an optional
 * answer from the default model with [n] citations, and export as JSON or CSV.
 */
export function QueryTesterDialog({
  open,
  onOpenChange,
  namespace,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  namespace: string;
}) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState(5);
  const [retriever, setRetriever] = useState<"hybrid" | "bm25" | "vector">("hybrid");
  const [documentId, setDocumentId] = useState(ALL_DOCUMENTS);
  const [metaText, setMetaText] = useState("");
  const [answer, setAnswer] = useState(false);
  const docs = useQuery({
    ...trpc.knowledge.documents.queryOptions({ namespace, limit: 200, sort: "title", dir: "asc" }),
    enabled: open,
  });
  const recent = useQuery({ ...trpc.knowledge.recentQueries.queryOptions({ namespace }), enabled: open });
  const run = useMutation(
    trpc.knowledge.query.mutationOptions({
      onSuccess: () => void recent.refetch(),
      onError: (e) => toast.error(e.message),
    }),
  );
  const meta = parseMetadataFilter(metaText);
  const result = run.data;

  function submit() {
    if (!query.trim() || !meta.ok) return;
    run.mutate({
      namespace,
      query,
      topK,
      retriever,
      documentIds: documentId === ALL_DOCUMENTS ? [] : [documentId],
      metadata: meta.value,
      answer,
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-4xl" data-testid="query-tester">
        <DialogHeader>
          <DialogTitle>Query tester</DialogTitle>
          <DialogDescription>
            Search the &quot;{namespace}&quot; namespace the way chat does and see why each passage ranks where it does.
          </DialogDescription>
        </DialogHeader>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Textarea
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
            placeholder="Ask a question or type some words"
            aria-label="Query"
            rows={2}
            data-testid="query-text"
            autoFocus
          />
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="query-topk">Top K slider (1-10): {topK}</Label>
              <input
                id="query-topk"
                type="range"
                min={1}
                max={10}
                value={topK}
                onChange={(e) => setTopK(Number(e.target.value))}
                className="accent-primary"
                data-testid="query-topk"
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label>Retriever</Label>
              <Select value={retriever} onValueChange={(v) => setRetriever(v as typeof retriever)}>
                <SelectTrigger className="h-8">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="hybrid">Hybrid (namespace weights)</SelectItem>
                  <SelectItem value="bm25">BM25 only</SelectItem>
                  <SelectItem value="vector">Vectors only</SelectItem>
                </SelectContent>
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label>Document</Label>
              <Select value={documentId} onValueChange={setDocumentId}>
                <SelectTrigger className="h-8">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL_DOCUMENTS}>All documents</SelectItem>
                  {docs.data?.rows.map((d) => (
                    <SelectItem key={d.id} value={d.id}>
                      {d.title}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="query-meta">Metadata filter</Label>
              <Input
                id="query-meta"
                className="h-8"
                value={metaText}
                onChange={(e) => setMetaText(e.target.value)}
                placeholder="category = policies"
                aria-invalid={!meta.ok}
              />
              {!meta.ok && <p className="text-xs text-destructive">{meta.error}</p>}
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <label htmlFor="query-with-answer" className="flex items-center gap-2 text-sm">
              <Checkbox id="query-with-answer" checked={answer} onCheckedChange={(v) => setAnswer(v === true)} /> Answer
              with citations (default model)
            </label>
            <div className="ml-auto flex gap-2">
              {result && result.hits.length > 0 && (
                <>
                  <Button
                    type="button"
                    size="sm"
                    variant="outline"
                    onClick={() => download("query-results.json", "application/json", JSON.stringify(result, null, 2))}
                  >
                    <Download aria-hidden /> JSON
                  </Button>
                  <Button
                    type="button"
                    size="sm"
                    variant="outline"
                    onClick={() => download("query-results.csv", "text/csv", hitsToCsv(result.hits))}
                  >
                    <Download aria-hidden /> CSV
                  </Button>
                </>
              )}
              <Button
                type="submit"
                size="sm"
                disabled={!query.trim() || !meta.ok || run.isPending}
                data-testid="query-run"
              >
                <Search aria-hidden /> {run.isPending ? "Searching…" : "Search"}
              </Button>
            </div>
          </div>
        </form>
        {!result && (recent.data?.length ?? 0) > 0 && (
          <div className="flex flex-col gap-1" data-testid="query-history">
            <p className="text-xs font-medium text-muted-foreground">Your recent queries</p>
            <ul className="flex flex-wrap gap-1.5">
              {recent.data!.map((r) => (
                <li key={r.query}>
                  <button
                    type="button"
                    className="max-w-72 truncate rounded-md border px-2 py-1 text-left text-xs hover:bg-accent"
                    title={`${r.hits} hits, ${r.latencyMs} ms`}
                    onClick={() => setQuery(r.query)}
                  >
                    {r.query}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {result && (
          <div className="flex flex-col gap-3" data-testid="query-results">
            <p className="text-xs text-muted-foreground">
              {result.hits.length} hit{result.hits.length === 1 ? "" : "s"} in {result.latencyMs} ms ·{" "}
              {result.retriever} · weights BM25 {result.weights.bm25} / vectors {result.weights.vector} ·{" "}
              {result.embedder}
            </p>
            {result.nothingRelevant && (
              <p className="rounded-md border px-3 py-2 text-sm text-muted-foreground">
                Nothing relevant: no passage passed the namespace&apos;s score threshold or matched the filters.
              </p>
            )}
            {result.answer && (
              <div className="rounded-md border bg-muted/30 px-3 py-2 text-sm" data-testid="query-answer">
                {"error" in result.answer ? (
                  <p className="text-destructive">{result.answer.error}</p>
                ) : (
                  <>
                    <p className="whitespace-pre-wrap">{result.answer.text}</p>
                    <p className="mt-1 text-xs text-muted-foreground">
                      Answered by {result.answer.modelId} from the passages below.
                    </p>
                  </>
                )}
              </div>
            )}
            <ol className="flex flex-col gap-2">
              {result.hits.map((h) => (
                <li key={h.chunkId} className="rounded-md border px-3 py-2 text-sm" data-testid="query-hit">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-mono text-xs text-muted-foreground">[{h.rank}]</span>
                    <Link
                      href={documentHref(h.documentId, h.chunkId)}
                      className="font-medium hover:underline"
                      onClick={() => onOpenChange(false)}
                    >
                      {h.documentTitle}
                    </Link>
                    <span className="text-xs text-muted-foreground">{describeLocation(h)}</span>
                  </div>
                  <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-muted-foreground">{h.text}</p>
                  <dl className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 font-mono text-xs" data-testid="query-scores">
                    <Score label="fused" value={h.score.toFixed(4)} />
                    <Score label="BM25 rank" value={h.bm25Rank ?? "—"} />
                    <Score label="BM25 score" value={h.bm25Score ?? "—"} />
                    <Score label="vector rank" value={h.vectorRank ?? "—"} />
                    <Score label="distance" value={h.vectorDistance ?? "—"} />
                    <Score label="similarity" value={h.similarity ?? "—"} />
                  </dl>
                </li>
              ))}
            </ol>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

function Score({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="flex gap-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
