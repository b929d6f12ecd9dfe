"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FolderInput, Link2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";

/** Adds a GGUF file to the models folder: copied from a path on the server, or downloaded by URL. */
export function EmbeddedAdd({ onDownloadStarted }: { onDownloadStarted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [path, setPath] = useState("");
  const [url, setUrl] = useState("");
  const refreshModels = () =>
    queryClient.invalidateQueries({ queryKey: trpc.providers.models.queryKey({ provider: "embedded" }) });
  const add = useMutation(
    trpc.providers.addEmbedded.mutationOptions({
      onSuccess: async (added) => {
        toast.success(`${added.file} added`, {
          description: `It is now in the models folder; chat can use it as embedded:${added.file}`,
        });
        setPath("");
        await refreshModels();
        await queryClient.invalidateQueries({ queryKey: trpc.providers.overview.queryKey() });
      },
      onError: (err) => toast.error("The file was not added", { description: err.message }),
    }),
  );
  const download = useMutation(
    trpc.providers.downloadEmbedded.mutationOptions({
      onSuccess: (job) => {
        toast.info(`Downloading ${job.name}`);
        setUrl("");
        onDownloadStarted();
      },
      onError: (err) => toast.error("The download did not start", { description: err.message }),
    }),
  );

  return (
    <div className="grid gap-3 md:grid-cols-2">
      <form
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) add.mutate({ path: path.trim() });
        }}
      >
        <label htmlFor="embedded-add-path" className="text-sm font-medium">
          Add a file on this server
        </label>
        <div className="flex gap-2">
          <Input
            id="embedded-add-path"
            data-testid="embedded-add-path"
            spellCheck={false}
            placeholder="/home/me/models/qwen2.5-0.5b-q4.gguf"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <Button
            type="submit"
            variant="outline"
            data-testid="embedded-add-path-submit"
            disabled={!path.trim() || add.isPending}
          >
            <FolderInput aria-hidden /> {add.isPending ? "Copying…" : "Add"}
          </Button>
        </div>
      </form>
      <form
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) download.mutate({ url: url.trim() });
        }}
      >
        <label htmlFor="embedded-add-url" className="text-sm font-medium">
          Download by URL (needs internet)
        </label>
        <div className="flex gap-2">
          <Input
            id="embedded-add-url"
            data-testid="embedded-add-url"
            type="url"
            spellCheck={false}
            placeholder="https://huggingface.co/…/model.gguf"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <Button
            type="submit"
            variant="outline"
            data-testid="embedded-add-url-submit"
            disabled={!url.trim() || download.isPending}
          >
            <Link2 aria-hidden /> {download.isPending ? "Starting…" : "Download"}
          </Button>
        </div>
      </form>
    </div>
  );
}
