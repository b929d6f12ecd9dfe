"use client";

import { useMutation } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import type { NamespaceRow } from "@/components/knowledge/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

const NAME = /^[a-z0-9][a-z0-9_-]{0,47}$/;

/** Namespaces: the four built-in ones and user-created ones, with embedder, counts and fusion weights. */
export function NamespacesPanel({
  namespaces,
  isAdmin,
  current,
  onSelect,
  onChanged,
}: {
  namespaces: NamespaceRow[];
  isAdmin: boolean;
  current: string;
  onSelect: (name: string) => void;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const [deleting, setDeleting] = useState<NamespaceRow | null>(null);
  const done = (msg: string) => () => {
    toast.success(msg);
    onChanged();
  };
  const create = useMutation(
    trpc.knowledge.createNamespace.mutationOptions({
      onSuccess: (ns) => {
        toast.success(`Namespace "${ns.name}" created.`);
        setName("");
        onChanged();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const rename = useMutation(
    trpc.knowledge.renameNamespace.mutationOptions({
      onSuccess: (ns) => {
        setRenaming(null);
        done(`Renamed to "${ns.name}".`)();
        if (current === renaming?.from) onSelect(ns.name);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const remove = useMutation(
    trpc.knowledge.deleteNamespace.mutationOptions({
      onSuccess: (out) => {
        done(`Namespace deleted with ${out.documents} document(s).`)();
        onSelect("default");
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const nameError =
    name && !NAME.test(name) ? "1-48 lower-case letters, digits, - or _, starting with a letter or digit." : null;

  return (
    <div className="flex flex-col gap-3" data-testid="kb-namespaces">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Embedder</TableHead>
            <TableHead className="text-right">Documents</TableHead>
            <TableHead className="text-right">Chunks</TableHead>
            <TableHead className="hidden md:table-cell">Chunking</TableHead>
            <TableHead>Fusion weights</TableHead>
            {isAdmin && <TableHead className="w-24" />}
          </TableRow>
        </TableHeader>
        <TableBody>
          {namespaces.map((ns) => (
            <TableRow
              key={ns.id}
              data-state={ns.name === current ? "selected" : undefined}
              data-testid="kb-namespace-row"
              data-name={ns.name}
            >
              <TableCell>
                {renaming?.from === ns.name ? (
                  <form
                    className="flex gap-1"
                    onSubmit={(e) => {
                      e.preventDefault();
                      rename.mutate({ from: ns.name, to: renaming.to });
                    }}
                  >
                    <Input
                      value={renaming.to}
                      onChange={(e) => setRenaming({ from: ns.name, to: e.target.value })}
                      className="h-7 w-36"
                      aria-label="New name"
                      autoFocus
                      onKeyDown={(e) => {
                        if (e.key === "Escape") {
                          e.stopPropagation();
                          setRenaming(null);
                        }
                      }}
                    />
                    <Button size="sm" type="submit" className="h-7" disabled={!NAME.test(renaming.to)}>
                      Save
                    </Button>
                  </form>
                ) : (
                  <button type="button" className="font-medium hover:underline" onClick={() => onSelect(ns.name)}>
                    {ns.name}
                  </button>
                )}
                {ns.builtin && (
                  <Badge variant="outline" className="ml-2">
                    built-in
                  </Badge>
                )}
              </TableCell>
              <TableCell className="font-mono text-xs">
                {ns.embedder} ({ns.dimension}d)
              </TableCell>
              <TableCell className="text-right tabular-nums">{ns.documents}</TableCell>
              <TableCell className="text-right tabular-nums">{ns.chunks}</TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">
                {ns.chunkSize} / {ns.chunkOverlap} tokens
              </TableCell>
              <TableCell
                className="font-mono text-xs"
                title="Weighted reciprocal rank fusion; Calibrate on the Evaluation tab picks them"
              >
                BM25 {ns.bm25Weight} · vectors {ns.vectorWeight}
              </TableCell>
              {isAdmin && (
                <TableCell className="text-right">
                  {!ns.builtin && (
                    <div className="flex justify-end gap-1">
                      <Button
                        size="icon"
                        variant="ghost"
                        className="size-7"
                        onClick={() => setRenaming({ from: ns.name, to: ns.name })}
                        aria-label={`Rename ${ns.name}`}
                      >
                        <Pencil aria-hidden />
                      </Button>
                      <Button
                        size="icon"
                        variant="ghost"
                        className="size-7"
                        onClick={() => setDeleting(ns)}
                        aria-label={`Delete ${ns.name}`}
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {isAdmin ? (
        <form
          className="flex flex-wrap items-start gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name && !nameError) create.mutate({ name, description: "" });
          }}
        >
          <div className="flex flex-col gap-1">
            <Input
              value={name}
              onChange={(e) => setName(e.target.value.toLowerCase())}
              placeholder="new-namespace"
              aria-label="New namespace name"
              className="h-8 w-56"
              aria-invalid={!!nameError}
              data-testid="kb-namespace-name"
            />
            {nameError && <p className="text-xs text-destructive">{nameError}</p>}
          </div>
          <Button
            size="sm"
            type="submit"
            disabled={!name || !!nameError || create.isPending}
            data-testid="kb-namespace-create"
          >
            <Plus aria-hidden /> Create namespace
          </Button>
          <p className="basis-full text-xs text-muted-foreground">
            New namespaces start with the offline embedder (builtin:use-lite, 512d); change it with Re-embed.
          </p>
        </form>
      ) : (
        <p className="text-xs text-muted-foreground">An admin creates, renames and deletes namespaces.</p>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the namespace "${deleting?.name}"?`}
        description={`Its ${deleting?.documents ?? 0} document(s), their chunks and vectors, its evaluation set and history are deleted. This cannot be undone.`}
        confirmLabel="Delete namespace"
        destructive
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate({ namespace: deleting.name });
          setDeleting(null);
        }}
      />
    </div>
  );
}
