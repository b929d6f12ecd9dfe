"use client";

import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { JobProgress, type JobView } from "@/components/settings/providers-jobs";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import type { ProviderJob } from "@/server/providers/provider-jobs";

/** "Pull model": a name in, then the download's progress bar until Ollama has installed it. */
export function PullDialog({ jobs, onStarted }: { jobs: JobView[]; onStarted: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [started, setStarted] = useState<ProviderJob | null>(null);
  const pull = useMutation(
    trpc.providers.pull.mutationOptions({
      onSuccess: (job) => {
        setStarted(job);
        onStarted();
      },
      onError: (err) => toast.error("The pull did not start", { description: err.message }),
    }),
  );
  const view: JobView | null = started
    ? (jobs.find((j) => j.job.key === started.key) ?? { job: started, live: null })
    : null;
  const running = view !== null && view.job.jobStatus === "running" && !view.live?.done;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next && !running) {
          setStarted(null);
          setName("");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" size="sm" data-testid="ollama-pull-open">
          <Download aria-hidden /> Pull model
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Pull an Ollama model</DialogTitle>
          <DialogDescription>
            Ollama downloads it from its library. Names look like <code>llama3.2</code>, <code>qwen3:0.6b</code> or{" "}
            <code>hf.co/user/repo:Q4_K_M</code>. Closing this window keeps the download going.
          </DialogDescription>
        </DialogHeader>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && !running) pull.mutate({ name: name.trim() });
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="ollama-pull-name">Model name</Label>
            <Input
              id="ollama-pull-name"
              data-testid="ollama-pull-name"
              autoFocus
              spellCheck={false}
              placeholder="llama3.2"
              value={name}
              onChange={(e) => setName(e.target.value)}
              disabled={running}
            />
          </div>
          {view && <JobProgress view={view} />}
          <DialogFooter>
            <Button type="submit" data-testid="ollama-pull-start" disabled={!name.trim() || running || pull.isPending}>
              {pull.isPending ? "Starting…" : running ? "Pulling…" : "Pull"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
