"use client";

import { BookOpen } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { type ChatSourcesData, describeLocation, sourceHref } from "@/lib/knowledge/citations";

const fixed = (v: number | null, digits: number) => (v === null ? "–" : v.toFixed(digits));

/**
 * The passages a documents turn retrieved, under its answer: every one with its scores (BM25
 * rank and score, vector distance, fused score), the cited ones marked. Collapsed by default.
 */
export function SourcesPanel({ data }: { data: ChatSourcesData }) {
  const cited = data.sources.filter((s) => s.cited).length;
  const summary = data.nothingRelevant
    ? `No relevant passage in "${data.namespace}"`
    : `${data.sources.length} passage${data.sources.length === 1 ? "" : "s"} from "${data.namespace}"${cited ? `, ${cited} cited` : ""}`;
  return (
    <details className="w-full rounded-md border bg-muted/30 px-3 py-2 text-xs" data-testid="chat-sources">
      <summary className="flex cursor-pointer items-center gap-2 text-muted-foreground select-none">
        <BookOpen className="size-3.5" aria-hidden /> {summary}
        {data.reranked && <Badge variant="secondary">reranked</Badge>}
      </summary>
      {data.nothingRelevant ? (
        <p className="mt-2 text-muted-foreground">
          Nothing in this namespace passed its score threshold, so the model was told there is no relevant context.
        </p>
      ) : (
        <ol className="mt-2 flex flex-col gap-2">
          {data.sources.map((s) => (
            <li
              key={s.chunkId}
              className="flex flex-col gap-1 rounded border bg-background px-2 py-1.5"
              data-testid="chat-source"
              data-cited={s.cited}
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">[{s.n}]</span>
                <Link
                  href={sourceHref(s)}
                  className="font-medium underline-offset-2 hover:underline"
                  data-testid="chat-source-link"
                >
                  {s.documentTitle}
                </Link>
                {describeLocation(s) && <span className="text-muted-foreground">{describeLocation(s)}</span>}
                {s.cited ? <Badge variant="success">cited</Badge> : <Badge variant="outline">not cited</Badge>}
              </div>
              <p className="line-clamp-3 text-muted-foreground">{s.excerpt}</p>
              <dl
                className="flex flex-wrap gap-x-3 text-[0.7rem] text-muted-foreground tabular-nums"
                data-testid="chat-source-scores"
              >
                <div>
                  <dt className="inline">fused </dt>
                  <dd className="inline">{fixed(s.score, 3)}</dd>
                </div>
                <div>
                  <dt className="inline">BM25 rank </dt>
                  <dd className="inline">
                    {s.bm25Rank ?? "–"}
                    {s.bm25Score !== null ? ` (${fixed(s.bm25Score, 2)})` : ""}
                  </dd>
                </div>
                <div>
                  <dt className="inline">vector distance </dt>
                  <dd className="inline">
                    {fixed(s.vectorDistance, 3)}
                    {s.vectorRank !== null ? ` (rank ${s.vectorRank})` : ""}
                  </dd>
                </div>
                {s.retrievalRank !== null && (
                  <div>
                    <dt className="inline">before rerank </dt>
                    <dd className="inline">#{s.retrievalRank}</dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
