"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, Upload } from "lucide-react";
import { useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";

/** Export the visible jobs as JSON, or import such a file (all or nothing; existing names are skipped). */
export function TransferButtons() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement | null>(null);
  const importJobs = useMutation(
    trpc.automation.import.mutationOptions({
      onSuccess: ({ created, skipped }) => {
        toast.success(
          `Imported ${created.length} ${created.length === 1 ? "job" : "jobs"}${skipped.length ? `; skipped ${skipped.length} whose names exist (${skipped.join(", ")})` : ""}.`,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const exportJobs = async () => {
    try {
      const data = await queryClient.fetchQuery({ ...trpc.automation.export.queryOptions({}), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `jobs-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toast.error((e as Error).message);
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      importJobs.mutate(JSON.parse(await file.text()) as unknown);
    } catch {
      toast.error(`${file.name} is not a JSON file.`);
    } finally {
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  return (
    <>
      <Button variant="outline" onClick={() => void exportJobs()} data-testid="export-jobs">
        <Download aria-hidden /> Export
      </Button>
      <Button
        variant="outline"
        onClick={() => fileRef.current?.click()}
        disabled={importJobs.isPending}
        data-testid="import-jobs"
      >
        <Upload aria-hidden /> Import
      </Button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        className="hidden"
        onChange={(e) => void onFile(e.target.files?.[0])}
        data-testid="import-file"
      />
    </>
  );
}
