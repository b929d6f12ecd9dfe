"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { FlaskConical, Gauge, Play, Upload } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { formatDateTime } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";

type Run = inferRouterOutputs<AppRouter>["knowledge"]["evalRuns"][number];
const RETRIEVERS = ["bm25", "vector", "hybrid"] as const;
const LABEL = { bm25: "BM25", vector: "Vectors", hybrid: "Hybrid" } as const;
const COLOR = {
  bm25: "var(--color-chart-1, #2563eb)",
  vector: "var(--color-chart-2, #16a34a)",
  hybrid: "var(--color-chart-3, #f59e0b)",
} as const;
const EXAMPLE = '{"question": "How do I install on Linux?", "expected": ["install.md"]}';

/**
 * A namespace's evaluation: its question set as JSONL (edit or import), Run evaluation (hit@1,
 * hit@5, MRR@10 per retriever), Calibrate (keeps the best fusion weights), and the history with
 * a small chart so a change of chunking, embedder or weights can be compared before and after.
 */
export function EvaluationPanel({
  namespace,
  isAdmin,
  onCalibrated,
}: {
  namespace: string;
  isAdmin: boolean;
  onCalibrated: () => void;
}) {
  const trpc = useTRPC();
  const set = useQuery(trpc.knowledge.evalSet.queryOptions({ namespace }));
  const runs = useQuery(trpc.knowledge.evalRuns.queryOptions({ namespace }));
  const [text, setText] = useState("");
  const fileRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (set.data) setText(set.data.jsonl);
  }, [set.data]);
  const refresh = () => void runs.refetch();
  const save = useMutation(
    trpc.knowledge.saveEvalSet.mutationOptions({
      onSuccess: (o) => {
        toast.success(`${o.count} questions saved.`);
        void set.refetch();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const evaluate = useMutation(
    trpc.knowledge.runEvaluation.mutationOptions({
      onSuccess: (o) => {
        toast.success(`Evaluated ${o.itemCount} questions.`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const calibrate = useMutation(
    trpc.knowledge.calibrate.mutationOptions({
      onSuccess: (o) => {
        toast.success(`Calibrated: BM25 ${o.weights.bm25} / vectors ${o.weights.vector} kept.`);
        refresh();
        onCalibrated();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const dirty = set.data !== undefined && text !== set.data.jsonl;
  const latest = runs.data?.[0];
  const busy = evaluate.isPending || calibrate.isPending;

  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="kb-evaluation">
      <section className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <h3 className="font-medium">Questions ({set.data?.count ?? 0})</h3>
          {isAdmin && (
            <div className="flex gap-2">
              <Button size="sm" variant="outline" onClick={() => fileRef.current?.click()}>
                <Upload aria-hidden /> Import JSONL
              </Button>
              <Button
                size="sm"
                disabled={!dirty || save.isPending}
                onClick={() => save.mutate({ namespace, jsonl: text })}
                data-testid="kb-eval-save"
              >
                Save
              </Button>
            </div>
          )}
        </div>
        <input
          ref={fileRef}
          type="file"
          accept=".jsonl,.json,.txt"
          hidden
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) setText(await f.text());
          }}
        />
        <Textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          readOnly={!isAdmin}
          rows={12}
          className="font-mono text-xs"
          placeholder={EXAMPLE}
          aria-label="Evaluation questions, one JSON object a line"
          data-testid="kb-eval-jsonl"
        />
        <p className="text-xs text-muted-foreground">
          One object a line: <code>{EXAMPLE}</code>. An expected entry matches a document whose path ends with it.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            disabled={busy || dirty || !set.data?.count}
            onClick={() => evaluate.mutate({ namespace })}
            data-testid="kb-eval-run"
          >
            <Play aria-hidden /> {evaluate.isPending ? "Evaluating…" : "Run evaluation"}
          </Button>
          {isAdmin && (
            <Button
              size="sm"
              variant="outline"
              disabled={busy || dirty || !set.data?.count}
              onClick={() => calibrate.mutate({ namespace })}
              data-testid="kb-eval-calibrate"
            >
              <Gauge aria-hidden /> {calibrate.isPending ? "Calibrating…" : "Calibrate"}
            </Button>
          )}
          {dirty && <span className="self-center text-xs text-muted-foreground">Save the questions first.</span>}
        </div>
      </section>
      <section className="flex flex-col gap-3">
        {runs.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : !latest ? (
          <EmptyState
            icon={FlaskConical}
            title="No evaluation yet"
            description="Add questions with the documents that answer them, then Run evaluation to measure BM25, vectors and hybrid."
          />
        ) : (
          <>
            <LatestScores run={latest} />
            {latest.grid && <CalibrationGrid run={latest} />}
            <HistoryChart runs={runs.data!} />
            <HistoryTable runs={runs.data!} />
          </>
        )}
      </section>
    </div>
  );
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function LatestScores({ run }: { run: Run }) {
  return (
    <div className="rounded-md border p-3" data-testid="kb-eval-latest">
      <p className="mb-2 text-xs text-muted-foreground">
        {run.kind === "calibrate" ? "Calibration" : "Run"} of {formatDateTime(run.createdAt)} · {run.itemCount}{" "}
        questions · {run.embedder} · chunks {run.chunkSize}/{run.chunkOverlap} · weights BM25 {run.bm25Weight} / vectors{" "}
        {run.vectorWeight}
      </p>
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted-foreground">
          <tr>
            <th className="font-medium">Retriever</th>
            <th className="text-right font-medium">hit@1</th>
            <th className="text-right font-medium">hit@5</th>
            <th className="text-right font-medium">MRR@10</th>
          </tr>
        </thead>
        <tbody>
          {RETRIEVERS.map((r) => (
            <tr key={r} className="border-t">
              <td className="py-1">{LABEL[r]}</td>
              <td className="text-right tabular-nums">{pct(run[r].hit1)}</td>
              <td className="text-right tabular-nums">{pct(run[r].hit5)}</td>
              <td className="text-right tabular-nums" data-testid={`kb-eval-mrr-${r}`}>
                {run[r].mrr10.toFixed(3)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CalibrationGrid({ run }: { run: Run }) {
  const best = Math.max(...run.grid!.map((g) => g.scores.mrr10));
  return (
    <details className="rounded-md border p-3 text-sm">
      <summary className="cursor-pointer text-xs text-muted-foreground">
        Calibration grid: MRR@10 per weight pair (the best is kept)
      </summary>
      <ul className="mt-2 flex flex-col gap-1">
        {run.grid!.map((g) => (
          <li key={`${g.weights.bm25}/${g.weights.vector}`} className="flex items-center gap-2 font-mono text-xs">
            <span className="w-40">
              BM25 {g.weights.bm25} / vec {g.weights.vector}
            </span>
            <span className="h-1.5 flex-1 rounded bg-muted">
              <span
                className="block h-1.5 rounded bg-primary"
                style={{ width: `${best ? (g.scores.mrr10 / best) * 100 : 0}%` }}
              />
            </span>
            <span className="w-12 text-right">{g.scores.mrr10.toFixed(3)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** MRR@10 of each retriever over the runs, oldest left. */
function HistoryChart({ runs }: { runs: Run[] }) {
  const points = [...runs].reverse().slice(-20);
  if (points.length < 2) return null;
  const w = 320;
  const h = 90;
  const x = (i: number) => 8 + (i * (w - 16)) / (points.length - 1);
  const y = (v: number) => h - 8 - v * (h - 16);
  return (
    <figure className="rounded-md border p-3">
      <svg viewBox={`0 0 ${w} ${h}`} className="h-24 w-full" role="img" aria-label="MRR@10 per run">
        <line x1={8} x2={w - 8} y1={y(0)} y2={y(0)} stroke="currentColor" strokeOpacity={0.15} />
        <line x1={8} x2={w - 8} y1={y(1)} y2={y(1)} stroke="currentColor" strokeOpacity={0.15} />
        {RETRIEVERS.map((r) => (
          <polyline
            key={r}
            fill="none"
            stroke={COLOR[r]}
            strokeWidth={2}
            points={points.map((p, i) => `${x(i)},${y(p[r].mrr10)}`).join(" ")}
          />
        ))}
      </svg>
      <figcaption className="flex gap-3 text-xs text-muted-foreground">
        MRR@10 over the last {points.length} runs:
        {RETRIEVERS.map((r) => (
          <span key={r} className="inline-flex items-center gap-1">
            <span className="inline-block size-2 rounded-full" style={{ background: COLOR[r] }} /> {LABEL[r]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function HistoryTable({ runs }: { runs: Run[] }) {
  return (
    <div className="max-h-64 overflow-y-auto rounded-md border">
      <table className="w-full text-xs">
        <thead className="sticky top-0 bg-background text-left text-muted-foreground">
          <tr>
            <th className="px-2 py-1 font-medium">When</th>
            <th className="font-medium">Kind</th>
            <th className="font-medium">Weights</th>
            <th className="text-right font-medium">BM25</th>
            <th className="text-right font-medium">Vectors</th>
            <th className="px-2 text-right font-medium">Hybrid</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-t" data-testid="kb-eval-history-row">
              <td className="px-2 py-1 whitespace-nowrap">{formatDateTime(r.createdAt)}</td>
              <td>{r.kind}</td>
              <td className="font-mono">
                {r.bm25Weight}/{r.vectorWeight}
              </td>
              <td className="text-right tabular-nums">{r.bm25.mrr10.toFixed(3)}</td>
              <td className="text-right tabular-nums">{r.vector.mrr10.toFixed(3)}</td>
              <td className="px-2 text-right tabular-nums">{r.hybrid.mrr10.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
