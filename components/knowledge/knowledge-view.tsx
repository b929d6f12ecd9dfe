"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRightLeft, FileUp, Filter, Library, RefreshCw, SearchX, Trash2 } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { SearchBox } from "@/components/common/search-box";
import { DocumentDetail } from "@/components/knowledge/document-detail";
import { EvaluationPanel } from "@/components/knowledge/evaluation-panel";
import { SOURCE_LABEL, TYPE_LABEL } from "@/components/knowledge/format";
import { KnowledgeHeader } from "@/components/knowledge/knowledge-header";
import { type LibraryQuery, LibraryTable, PAGE_SIZE } from "@/components/knowledge/library-table";
import { NamespacesPanel } from "@/components/knowledge/namespaces-panel";
import { QueryTesterDialog } from "@/components/knowledge/query-tester-dialog";
import { ReembedDialog } from "@/components/knowledge/reembed-dialog";
import { UploadDialog } from "@/components/knowledge/upload-dialog";
import { WatchedFoldersPanel } from "@/components/knowledge/watched-folders-panel";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { QueryState, SkeletonRows } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useEventStream } from "@/hooks/use-event-stream";
import { useKeyHotkey } from "@/hooks/use-hotkey";
import { useTRPC } from "@/lib/trpc/react";

const TYPES = ["pdf", "docx", "xlsx", "csv", "html", "md", "txt", "code", "eml"] as const;
const SOURCES = ["upload", "watched", "mail", "file"] as const;
const STATUSES = ["pending", "embedded", "failed"] as const;

function toggleIn<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/**
 * The Knowledge Base page: header counters and actions, the library of a namespace (filter, sort,
 * search, bulk actions), a document's detail (deep link ?doc=&chunk=), namespaces and evaluation.
 * Keys: U upload, F search, Q query tester, Esc closes the detail.
 */
export function KnowledgeView({ user }: { user: { id: string; role: "admin" | "user" } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const isAdmin = user.role === "admin";
  const docId = params.get("doc");
  const chunkParam = Number(params.get("chunk"));
  const chunkId = Number.isInteger(chunkParam) && chunkParam > 0 ? chunkParam : null;
  const [namespace, setNamespaceState] = useState(params.get("ns") ?? "default");
  const [tab, setTab] = useState("library");
  const [filters, setFilters] = useState<Omit<LibraryQuery, "namespace">>({
    q: "",
    types: [],
    sources: [],
    statuses: [],
    sort: "createdAt",
    dir: "desc",
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [uploadOpen, setUploadOpen] = useState(false);
  const [queryOpen, setQueryOpen] = useState(false);
  const [reembedOpen, setReembedOpen] = useState(false);
  const [confirmBulkDelete, setConfirmBulkDelete] = useState(false);
  const searchRef = useRef<HTMLInputElement | null>(null);

  const setUrl = useCallback(
    (next: Record<string, string | null>) => {
      const q = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(next)) v === null ? q.delete(k) : q.set(k, v);
      const s = q.toString();
      router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const setNamespace = (name: string) => {
    setNamespaceState(name);
    setSelected(new Set());
    setUrl({ ns: name === "default" ? null : name });
  };
  const openDoc = (id: string | null) => setUrl({ doc: id, chunk: null });

  const query: LibraryQuery = useMemo(() => ({ namespace, ...filters }), [namespace, filters]);
  const namespaces = useQuery(trpc.knowledge.namespaces.queryOptions());
  const stats = useQuery({
    ...trpc.knowledge.stats.queryOptions({ namespace }),
    refetchInterval: (q) => ((q.state.data?.pending ?? 0) > 0 ? 3000 : 30_000),
  });
  const firstPage = useQuery({
    ...trpc.knowledge.documents.queryOptions({ ...query, offset: 0, limit: PAGE_SIZE }),
    placeholderData: (prev) => prev,
  });
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() }),
    [queryClient, trpc],
  );
  const lastRefresh = useRef(0);
  const trailing = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (trailing.current) clearTimeout(trailing.current);
    },
    [],
  );
  useEventStream(
    ["tasks"],
    (e) => {
      const data = e.data as { change?: string };
      // Ingest progress arrives many times a second; a status change (finished) is what changes the
      // library. At most one refresh a second, and the last change in a burst is never dropped (two
      // uploads finishing within a second left the second one "pending" on screen).
      if (data.change !== "status" || trailing.current) return;
      const wait = lastRefresh.current + 1000 - Date.now();
      const run = () => {
        trailing.current = null;
        lastRefresh.current = Date.now();
        refresh();
      };
      if (wait <= 0) run();
      else trailing.current = setTimeout(run, wait);
    },
    { onPoll: refresh, onGap: refresh },
  );

  useKeyHotkey("u", () => setUploadOpen(true));
  useKeyHotkey("q", () => setQueryOpen(true));
  useKeyHotkey("f", (e) => {
    e.preventDefault();
    setTab("library");
    searchRef.current?.focus();
  });
  useKeyHotkey("Escape", () => openDoc(null), docId !== null);

  const fetchAllIds = async () => {
    const ids = await queryClient.fetchQuery(trpc.knowledge.documentIds.queryOptions(query));
    setSelected(new Set(ids));
  };
  const total = firstPage.data?.total ?? 0;
  const allSelected = total > 0 && selected.size === total;
  const ids = [...selected];
  const bulkDone = (msg: string) => {
    toast.success(msg);
    setSelected(new Set());
    refresh();
  };
  const bulkDelete = useMutation(
    trpc.knowledge.deleteDocuments.mutationOptions({
      onSuccess: (o) => bulkDone(`${o.deleted} document(s) removed from the index.`),
      onError: (e) => toast.error(e.message),
    }),
  );
  const bulkMove = useMutation(
    trpc.knowledge.moveDocuments.mutationOptions({
      onSuccess: (o) => bulkDone(`${o.moved} document(s) moved.`),
      onError: (e) => toast.error(e.message),
    }),
  );
  const bulkReembed = useMutation(
    trpc.knowledge.reembed.mutationOptions({
      onSuccess: (o) =>
        bulkDone(
          `${o.queued.length} document(s) queued for re-embedding${o.skipped.length ? `; ${o.skipped.length} skipped (${o.skipped[0]!.reason})` : ""}.`,
        ),
      onError: (e) => toast.error(e.message),
    }),
  );

  const nsNames = namespaces.data?.map((n) => n.name) ?? [namespace];
  const filtered = filters.q !== "" || filters.types.length + filters.sources.length + filters.statuses.length > 0;
  const canEdit = (createdById: string | null) => isAdmin || createdById === user.id;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <Select value={namespace} onValueChange={setNamespace}>
          <SelectTrigger className="w-48" aria-label="Namespace" data-testid="kb-namespace">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {nsNames.map((n) => (
              <SelectItem key={n} value={n}>
                {n}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <span className="text-sm text-muted-foreground">namespace</span>
      </div>
      <KnowledgeHeader
        stats={stats.data}
        isAdmin={isAdmin}
        onUpload={() => setUploadOpen(true)}
        onQuery={() => setQueryOpen(true)}
        onReembed={() => setReembedOpen(true)}
        onChanged={refresh}
      />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="library">Library</TabsTrigger>
          <TabsTrigger value="namespaces">Namespaces</TabsTrigger>
          <TabsTrigger value="evaluation" data-testid="kb-tab-evaluation">
            Evaluation
          </TabsTrigger>
          {isAdmin && (
            <TabsTrigger value="watched" data-testid="kb-tab-watched">
              Watched folders
            </TabsTrigger>
          )}
        </TabsList>
        <TabsContent value="library" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center gap-2">
            <SearchBox
              query={filters.q}
              onQuery={(q) => setFilters((f) => ({ ...f, q }))}
              placeholder="Search names, metadata and text (F)"
              label="Search documents"
              testId="kb-search"
              inputRef={searchRef}
              clearOnEscape
            />
            <FilterMenu
              label="Type"
              options={TYPES}
              labels={TYPE_LABEL}
              value={filters.types}
              onChange={(types) => setFilters((f) => ({ ...f, types }))}
            />
            <FilterMenu
              label="Source"
              options={SOURCES}
              labels={SOURCE_LABEL}
              value={filters.sources}
              onChange={(sources) => setFilters((f) => ({ ...f, sources }))}
            />
            <FilterMenu
              label="Status"
              options={STATUSES}
              labels={{ pending: "Pending", embedded: "Embedded", failed: "Failed" }}
              value={filters.statuses}
              onChange={(statuses) => setFilters((f) => ({ ...f, statuses }))}
            />
          </div>
          {selected.size > 0 && (
            <div
              className="flex flex-wrap items-center gap-2 rounded-md border bg-muted/40 px-3 py-2 text-sm"
              data-testid="kb-bulk"
            >
              <span className="font-medium">{selected.size} selected</span>
              <Button
                size="sm"
                variant="outline"
                disabled={bulkReembed.isPending}
                onClick={() => bulkReembed.mutate({ ids: ids.slice(0, 500) })}
              >
                <RefreshCw aria-hidden /> Re-embed
              </Button>
              <Select value="" onValueChange={(to) => bulkMove.mutate({ ids, namespace: to })}>
                <SelectTrigger size="sm" className="w-44" aria-label="Move to namespace">
                  <ArrowRightLeft className="size-4" aria-hidden />
                  <SelectValue placeholder="Move to…" />
                </SelectTrigger>
                <SelectContent>
                  {nsNames
                    .filter((n) => n !== namespace)
                    .map((n) => (
                      <SelectItem key={n} value={n}>
                        {n}
                      </SelectItem>
                    ))}
                </SelectContent>
              </Select>
              <Button
                size="sm"
                variant="destructive"
                onClick={() => setConfirmBulkDelete(true)}
                data-testid="kb-bulk-delete"
              >
                <Trash2 aria-hidden /> Delete
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </div>
          )}
          <div className={docId ? "grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" : "flex flex-col"}>
            <QueryState
              query={firstPage}
              errorTitle="The documents could not be loaded"
              loading={<SkeletonRows count={3} rowClassName="h-10" />}
              isEmpty={total === 0}
              empty={
                !filtered ? (
                  <EmptyState
                    icon={Library}
                    title={`No documents in "${namespace}" yet`}
                    description="Upload PDFs, Word files, spreadsheets, Markdown, mail or code: they are split into passages and embedded so chat can cite them."
                    action={
                      <Button onClick={() => setUploadOpen(true)}>
                        <FileUp aria-hidden /> Upload (U)
                      </Button>
                    }
                    data-testid="kb-empty"
                  />
                ) : (
                  <EmptyState
                    icon={SearchX}
                    title="No document matches"
                    description="Nothing matches the search and filters. Clear them to see every document."
                  />
                )
              }
            >
              <div className="flex flex-col gap-1">
                <LibraryTable
                  compact={docId !== null}
                  query={query}
                  total={total}
                  firstPage={firstPage.data?.rows ?? []}
                  selected={selected}
                  onToggle={(id) => setSelected((s) => new Set(toggleIn([...s], id)))}
                  onToggleAll={() => (allSelected ? setSelected(new Set()) : void fetchAllIds())}
                  allSelected={allSelected}
                  onOpen={(id) => openDoc(id)}
                  openId={docId}
                  onSort={(key) =>
                    setFilters((f) => ({ ...f, sort: key, dir: f.sort === key && f.dir === "desc" ? "asc" : "desc" }))
                  }
                />
                <p className="text-xs text-muted-foreground" data-testid="kb-total">
                  {total.toLocaleString()} document{total === 1 ? "" : "s"}
                </p>
              </div>
            </QueryState>
            {docId && (
              <DocumentDetail
                key={docId}
                id={docId}
                chunkId={chunkId}
                canEdit={canEdit}
                onClose={() => openDoc(null)}
                onDeleted={() => {
                  openDoc(null);
                  refresh();
                }}
                onChanged={refresh}
              />
            )}
          </div>
        </TabsContent>
        <TabsContent value="namespaces">
          <NamespacesPanel
            namespaces={namespaces.data ?? []}
            isAdmin={isAdmin}
            current={namespace}
            onSelect={(n) => {
              setNamespace(n);
              setTab("library");
            }}
            onChanged={refresh}
          />
        </TabsContent>
        <TabsContent value="evaluation">
          <EvaluationPanel key={namespace} namespace={namespace} isAdmin={isAdmin} onCalibrated={refresh} />
        </TabsContent>
        {isAdmin && (
          <TabsContent value="watched">
            <WatchedFoldersPanel />
          </TabsContent>
        )}
      </Tabs>
      <UploadDialog
        open={uploadOpen}
        onOpenChange={setUploadOpen}
        namespaces={nsNames}
        namespace={namespace}
        maxUploadMb={stats.data?.maxUploadMb ?? 25}
        supportedExtensions={stats.data?.supportedExtensions ?? []}
        onChanged={refresh}
      />
      <QueryTesterDialog open={queryOpen} onOpenChange={setQueryOpen} namespace={namespace} />
      {isAdmin && <ReembedDialog namespace={namespace} open={reembedOpen} onOpenChange={setReembedOpen} />}
      <ConfirmDialog
        open={confirmBulkDelete}
        title={`Delete ${selected.size} document(s)?`}
        description="Their chunks and vectors leave the index in one step. This cannot be undone."
        confirmLabel="Delete"
        destructive
        onCancel={() => setConfirmBulkDelete(false)}
        onConfirm={() => {
          setConfirmBulkDelete(false);
          bulkDelete.mutate({ ids });
        }}
      />
    </div>
  );
}

function FilterMenu<T extends string>({
  label,
  options,
  labels,
  value,
  onChange,
}: {
  label: string;
  options: readonly T[];
  labels: Record<string, string>;
  value: T[];
  onChange: (v: T[]) => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" data-testid={`kb-filter-${label.toLowerCase()}`}>
          <Filter aria-hidden /> {label}
          {value.length > 0 && (
            <span className="rounded bg-primary px-1 text-[10px] text-primary-foreground">{value.length}</span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{label}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {options.map((o) => (
          <DropdownMenuCheckboxItem
            key={o}
            checked={value.includes(o)}
            onCheckedChange={() => onChange(toggleIn(value, o))}
            onSelect={(e) => e.preventDefault()}
          >
            {labels[o] ?? o}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
