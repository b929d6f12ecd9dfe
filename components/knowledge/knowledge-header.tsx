"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Brush, FileUp, Hammer, RefreshCw, Search, Settings } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { formatBytes } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";

type Stats = inferRouterOutputs<AppRouter>["knowledge"]["stats"];

/** Counters (documents by status, chunks, embedder, index size, free disk) and the page's actions. */
export function KnowledgeHeader({
  stats,
  isAdmin,
  onUpload,
  onQuery,
  onReembed,
  onChanged,
}: {
  stats: Stats | undefined;
  isAdmin: boolean;
  onUpload: () => void;
  onQuery: () => void;
  onReembed: () => void;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const [confirmRebuild, setConfirmRebuild] = useState(false);
  const [cleanupOpen, setCleanupOpen] = useState(false);
  const plan = useQuery({ ...trpc.knowledge.cleanupPlan.queryOptions(), enabled: cleanupOpen });
  const rebuild = useMutation(
    trpc.knowledge.rebuild.mutationOptions({
      onSuccess: (o) => {
        toast.success(
          `Index rebuilt: ${o.chunks} chunks in ${o.ms} ms${o.orphanVectors ? `, ${o.orphanVectors} stray vectors removed` : ""}.`,
        );
        onChanged();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const cleanup = useMutation(
    trpc.knowledge.cleanup.mutationOptions({
      onSuccess: (o) => {
        toast.success(
          `Cleanup removed ${o.documents} document(s), ${o.files} stray file(s) and ${o.orphanVectors} stray vector(s).`,
        );
        onChanged();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const embeddedShare = stats?.documents ? stats.embedded / stats.documents : 0;
  const diskUse =
    stats?.diskFreeBytes != null && stats.diskTotalBytes ? 1 - stats.diskFreeBytes / stats.diskTotalBytes : null;
  const cleanupCount = plan.data ? plan.data.missing.length + plan.data.strayUploads.length : null;

  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="kb-stats">
        <Stat label="Documents" testId="kb-stat-documents">
          <span
            className={cn(
              stats?.failed ? "text-destructive" : embeddedShare === 1 ? "text-success" : "text-foreground",
            )}
          >
            {stats ? `${stats.embedded} / ${stats.documents} embedded` : "…"}
          </span>
          {stats && (stats.pending > 0 || stats.failed > 0) && (
            <span className="text-xs text-muted-foreground">
              {stats.pending} pending · {stats.failed} failed
            </span>
          )}
        </Stat>
        <Stat label="Chunks" testId="kb-stat-chunks">
          {stats ? stats.chunks.toLocaleString() : "…"}
        </Stat>
        <Stat label="Embedder" testId="kb-stat-embedder">
          <span className="truncate font-mono text-sm" title={stats?.embedder}>
            {stats ? `${stats.embedder} (${stats.dimension}d)` : "…"}
          </span>
          {stats && (
            <span className="text-xs text-muted-foreground">
              fusion BM25 {stats.weights.bm25} · vectors {stats.weights.vector}
            </span>
          )}
        </Stat>
        <Stat label="Index / disk" testId="kb-stat-disk">
          <span>{stats ? `${formatBytes(stats.indexBytes)} index` : "…"}</span>
          {stats?.diskFreeBytes != null && (
            <span
              className={cn(
                "text-xs",
                diskUse !== null && diskUse > 0.95 ? "text-destructive" : "text-muted-foreground",
              )}
            >
              {formatBytes(stats.diskFreeBytes)} free{diskUse !== null ? ` (${Math.round(diskUse * 100)}% used)` : ""}
              {diskUse !== null && diskUse > 0.95 ? " — disk almost full" : ""}
            </span>
          )}
          {diskUse !== null && <Progress value={diskUse * 100} className="mt-1 h-1" aria-label="Disk usage" />}
        </Stat>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={onUpload} data-testid="kb-upload">
          <FileUp aria-hidden /> Upload (U)
        </Button>
        <Button variant="outline" onClick={onQuery} data-testid="kb-query">
          <Search aria-hidden /> Query tester (Q)
        </Button>
        {isAdmin && (
          <>
            <Button
              variant="outline"
              onClick={() => setConfirmRebuild(true)}
              disabled={rebuild.isPending}
              data-testid="kb-rebuild"
            >
              <Hammer aria-hidden /> {rebuild.isPending ? "Rebuilding…" : "Rebuild index"}
            </Button>
            <Button variant="outline" onClick={onReembed} data-testid="kb-reembed-namespace">
              <RefreshCw aria-hidden /> Re-embed / change embedder
            </Button>
            <Button
              variant="outline"
              onClick={() => setCleanupOpen(true)}
              disabled={cleanup.isPending}
              data-testid="kb-cleanup"
            >
              <Brush aria-hidden /> Cleanup
            </Button>
            <Button variant="ghost" asChild>
              <Link href="/settings">
                <Settings aria-hidden /> Settings
              </Link>
            </Button>
          </>
        )}
      </div>
      <ConfirmDialog
        open={confirmRebuild}
        title="Rebuild the index?"
        description="The keyword index is rebuilt from every chunk and optimised, and vectors without a chunk are removed. Searches keep working meanwhile. To compute new vectors, use Re-embed."
        confirmLabel="Rebuild"
        onCancel={() => setConfirmRebuild(false)}
        onConfirm={() => {
          setConfirmRebuild(false);
          rebuild.mutate();
        }}
      />
      <ConfirmDialog
        open={cleanupOpen}
        title="Clean up the knowledge base?"
        description={
          plan.isPending
            ? "Looking for documents whose file is gone…"
            : plan.isError
              ? plan.error.message
              : cleanupCount === 0
                ? "Nothing to clean up: every document's file is still there and no stray upload is left."
                : `${plan.data!.missing.length} document(s) whose file was deleted (${plan
                    .data!.missing.slice(0, 3)
                    .map((m) => m.title)
                    .join(
                      ", ",
                    )}${plan.data!.missing.length > 3 ? ", …" : ""}) and ${plan.data!.strayUploads.length} stored upload(s) no document uses will be removed.`
        }
        confirmLabel={cleanupCount ? "Clean up" : "Close"}
        destructive={!!cleanupCount}
        onCancel={() => setCleanupOpen(false)}
        onConfirm={() => {
          setCleanupOpen(false);
          if (cleanupCount) cleanup.mutate();
        }}
      />
    </div>
  );
}

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5 rounded-md border px-3 py-2" data-testid={testId}>
      <span className="text-xs text-muted-foreground">{label}</span>
      <div className="flex min-w-0 flex-col text-base font-semibold">{children}</div>
    </div>
  );
}
