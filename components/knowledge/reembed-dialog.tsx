"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useEffect, useState } from "react";
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
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { useTRPC } from "@/lib/trpc/react";

const ACTIVE = ["queued", "running", "waiting", "paused"];

/**
 * Guided re-embed of a namespace with another embedder: what it costs (every chunk is embedded
 * again), then the task's progress with Cancel. Searches keep using the old vectors until the
 * switch, which happens at once when every chunk has its new vector.
 */
export function ReembedDialog({
  namespace,
  open,
  onOpenChange,
}: {
  namespace: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [embedder, setEmbedder] = useState("");
  const estimate = useQuery({ ...trpc.knowledgeWatch.reembedEstimate.queryOptions({ namespace }), enabled: open });
  const options = useQuery({ ...trpc.knowledgeWatch.embedderOptions.queryOptions(), enabled: open, staleTime: 60_000 });
  const status = useQuery({
    ...trpc.knowledgeWatch.reembedStatus.queryOptions({ namespace }),
    enabled: open,
    refetchInterval: (q) => (q.state.data && ACTIVE.includes(q.state.data.status) ? 1000 : false),
  });
  const task = status.data;
  const running = !!task && ACTIVE.includes(task.status);

  // When the task finishes, the namespace (embedder, dimension, weights) changed: refresh the page's data.
  const finishedId = task && !running ? task.id : null;
  useEffect(() => {
    if (finishedId) void queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  }, [finishedId, queryClient, trpc]);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.knowledgeWatch.pathKey() });
  const start = useMutation(
    trpc.knowledgeWatch.reembedStart.mutationOptions({
      onSuccess: () => {
        toast.success(`Re-embedding "${namespace}" started.`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const cancel = useMutation(
    trpc.knowledgeWatch.reembedCancel.mutationOptions({
      onSuccess: () => {
        toast.success("Re-embed cancelled; the namespace keeps its embedder.");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const e = estimate.data;
  const listId = `reembed-embedders-${namespace}`;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="reembed-dialog">
        <DialogHeader>
          <DialogTitle>Re-embed “{namespace}”</DialogTitle>
          <DialogDescription>
            Every chunk is embedded again with the new model. Searches keep using the current vectors until all are
            done, then the namespace switches at once. Vectors of different models cannot be compared, so the namespace
            has one embedder.
          </DialogDescription>
        </DialogHeader>

        {e ? (
          <p className="text-sm" data-testid="reembed-estimate">
            Now <span className="font-mono">{e.embedder}</span> ({e.dimension} dimensions). Re-embedding costs{" "}
            <strong>
              {e.chunks.toLocaleString()} chunk{e.chunks === 1 ? "" : "s"}
            </strong>{" "}
            of {e.documents.toLocaleString()} document{e.documents === 1 ? "" : "s"}.
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">
            {estimate.error ? estimate.error.message : "Counting chunks…"}
          </p>
        )}

        {running ? (
          <div className="flex flex-col gap-2" data-testid="reembed-progress">
            <div className="flex items-center justify-between text-sm">
              <span>{task.progressMessage ?? (task.status === "queued" ? "Waiting to start…" : "Starting…")}</span>
              <span className="tabular-nums text-muted-foreground">{task.progress}%</span>
            </div>
            <Progress value={task.progress} aria-label="Re-embed progress" />
          </div>
        ) : (
          <form
            className="flex flex-col gap-2"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (embedder.trim()) start.mutate({ namespace, embedder: embedder.trim() });
            }}
          >
            <Label htmlFor="reembed-embedder">New embedder</Label>
            <Input
              id="reembed-embedder"
              list={listId}
              value={embedder}
              onChange={(ev) => setEmbedder(ev.target.value)}
              placeholder="ollama:nomic-embed-text"
              autoComplete="off"
              data-testid="reembed-embedder"
            />
            <datalist id={listId}>
              {(options.data ?? []).map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
            <p className="text-xs text-muted-foreground">
              builtin:use-lite, ollama:&lt;model&gt; or compat:&lt;endpoint&gt;:&lt;model&gt;. The model is tried once
              before the task starts.
            </p>
            {task && task.status === "failed" && (
              <p className="text-sm text-destructive">The last re-embed failed: {task.error}</p>
            )}
            {task && task.status === "succeeded" && (
              <p className="text-sm text-success">The last re-embed finished: {task.progressMessage}</p>
            )}
            <button type="submit" hidden />
          </form>
        )}

        <DialogFooter>
          {running ? (
            <Button
              variant="destructive"
              onClick={() => cancel.mutate({ namespace })}
              disabled={cancel.isPending}
              data-testid="reembed-cancel"
            >
              Cancel re-embed
            </Button>
          ) : (
            <Button
              onClick={() => start.mutate({ namespace, embedder: embedder.trim() })}
              disabled={!embedder.trim() || start.isPending || !e}
              data-testid="reembed-start"
            >
              {start.isPending && <Loader2 className="animate-spin" />}
              {start.isPending ? "Trying the model…" : "Start re-embed"}
            </Button>
          )}
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Close
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
