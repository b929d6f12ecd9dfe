"use client";

import { useQuery } from "@tanstack/react-query";
import { Boxes, ChevronDown, ChevronRight, MoreHorizontal, Star } from "lucide-react";
import { Fragment, useMemo, useState } from "react";
import { SearchBox } from "@/components/common/search-box";
import {
  capabilitiesOf,
  formatContext,
  formatPricePerMillion,
  matchesSearch,
} from "@/components/settings/providers-format";
import { formatBytes } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { useTRPC } from "@/lib/trpc/react";

/** A big catalogue (OpenRouter lists hundreds) shows this many rows; the search narrows it. */
const MAX_ROWS = 100;

export interface RowAction {
  label: string;
  testId: string;
  destructive?: boolean;
  onSelect: (model: CatalogModel) => void;
}

/**
 * The models of one provider: search, capabilities, context window, size and VRAM, prices, which
 * one is the default. Ollama rows open their /api/show details on demand.
 */
export function ProviderModelTable({
  models,
  loading,
  providerDefault,
  globalDefault,
  actions,
  withDetails,
  empty,
}: {
  models: CatalogModel[];
  loading: boolean;
  providerDefault: string;
  globalDefault: string;
  actions: RowAction[];
  withDetails?: boolean;
  empty: React.ReactNode;
}) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const matching = useMemo(() => models.filter((m) => matchesSearch(m, query)), [models, query]);
  const shown = matching.slice(0, MAX_ROWS);
  const hasPrices = models.some((m) => m.pricing);
  const hasSizes = models.some((m) => m.sizeBytes !== null);

  if (loading) {
    return (
      <output className="flex flex-col gap-2" aria-busy="true" aria-label="Loading models">
        <Skeleton className="h-8 w-full" />
        <Skeleton className="h-8 w-full" />
      </output>
    );
  }
  if (models.length === 0) return <>{empty}</>;

  const isDefault = (id: string) => id === providerDefault || `${providerDefault}:latest` === id;
  return (
    <div className="flex flex-col gap-2">
      {models.length > 5 && (
        <SearchBox
          query={query}
          onQuery={setQuery}
          placeholder="Search models, e.g. tools 8b"
          label="Search models"
          testId="provider-model-search"
        />
      )}
      {matching.length === 0 ? (
        <EmptyState
          icon={Boxes}
          title="No model matches"
          description={`Nothing matches "${query}". Try a shorter word.`}
        />
      ) : (
        <div className="overflow-x-auto rounded-md border">
          <Table data-testid="provider-models">
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead className="hidden sm:table-cell">Capabilities</TableHead>
                <TableHead className="text-right">Context</TableHead>
                {hasSizes && <TableHead className="hidden text-right md:table-cell">Size / VRAM</TableHead>}
                {hasPrices && <TableHead className="text-right">In / out per 1M</TableHead>}
                <TableHead className="w-10">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((m) => (
                <Fragment key={m.id}>
                  <TableRow data-testid="provider-model-row" data-model-id={m.id}>
                    <TableCell className="max-w-72">
                      <div className="flex items-center gap-1">
                        {withDetails && (
                          <Button
                            type="button"
                            variant="ghost"
                            size="icon"
                            className="size-6"
                            aria-expanded={open === m.id}
                            aria-label={`${open === m.id ? "Hide" : "Show"} details of ${m.name}`}
                            data-testid="provider-model-details-toggle"
                            onClick={() => setOpen(open === m.id ? null : m.id)}
                          >
                            {open === m.id ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                          </Button>
                        )}
                        <span className="truncate font-mono text-sm" title={m.id}>
                          {m.name}
                        </span>
                        {isDefault(m.id) && (
                          <Badge
                            variant="secondary"
                            data-testid="provider-model-default"
                            title="This provider's default model"
                          >
                            <Star aria-hidden /> default
                          </Badge>
                        )}
                        {m.id === globalDefault && (
                          <Badge data-testid="provider-model-global-default">global default</Badge>
                        )}
                      </div>
                      {m.details && (
                        <p className="truncate pl-7 text-xs text-muted-foreground">
                          {[m.details.family, m.details.parameterSize, m.details.quantization]
                            .filter(Boolean)
                            .join(" · ")}
                        </p>
                      )}
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {capabilitiesOf(m).map((c) => (
                          <Badge key={c} variant="outline">
                            {c}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatContext(m.contextLength)}</TableCell>
                    {hasSizes && (
                      <TableCell className="hidden text-right tabular-nums md:table-cell">
                        {formatBytes(m.sizeBytes)}
                        {m.loaded && (
                          <Badge
                            variant="success"
                            className="ml-2"
                            title={
                              m.loaded.expiresAt
                                ? `Unloads at ${new Date(m.loaded.expiresAt).toLocaleTimeString()}`
                                : undefined
                            }
                          >
                            loaded{m.loaded.sizeVram > 0 ? ` · ${formatBytes(m.loaded.sizeVram)} VRAM` : ""}
                          </Badge>
                        )}
                      </TableCell>
                    )}
                    {hasPrices && (
                      <TableCell className="text-right text-sm tabular-nums">
                        {m.pricing
                          ? `${formatPricePerMillion(m.pricing.prompt)} / ${formatPricePerMillion(m.pricing.completion)}`
                          : "—"}
                      </TableCell>
                    )}
                    <TableCell>
                      {actions.length > 0 && (
                        <DropdownMenu>
                          <DropdownMenuTrigger asChild>
                            <Button
                              type="button"
                              variant="ghost"
                              size="icon"
                              className="size-8"
                              aria-label={`Actions for ${m.name}`}
                              data-testid="provider-model-actions"
                            >
                              <MoreHorizontal aria-hidden />
                            </Button>
                          </DropdownMenuTrigger>
                          <DropdownMenuContent align="end">
                            {actions.map((a) => (
                              <DropdownMenuItem
                                key={a.testId}
                                data-testid={a.testId}
                                className={a.destructive ? "text-destructive" : undefined}
                                onSelect={() => a.onSelect(m)}
                              >
                                {a.label}
                              </DropdownMenuItem>
                            ))}
                          </DropdownMenuContent>
                        </DropdownMenu>
                      )}
                    </TableCell>
                  </TableRow>
                  {withDetails && open === m.id && (
                    <TableRow>
                      <TableCell colSpan={6} className="bg-muted/30">
                        <ModelDetails modelId={m.id} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {matching.length > MAX_ROWS && (
        <p className="text-xs text-muted-foreground">
          Showing {MAX_ROWS} of {matching.length} models; search to find the others.
        </p>
      )}
    </div>
  );
}

/** Ollama's /api/show for one model, fetched when its row is opened. */
function ModelDetails({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.providers.details.queryOptions({ modelId }, { staleTime: 60_000 }));
  if (isPending) return <Skeleton className="h-5 w-64" />;
  if (error) return <p className="text-sm text-destructive">{error.message}</p>;
  const caps = capabilitiesOf(data);
  return (
    <dl data-testid="provider-model-details" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="text-muted-foreground">Context length</dt>
      <dd className="tabular-nums">{data.contextLength?.toLocaleString() ?? "unknown"} tokens</dd>
      <dt className="text-muted-foreground">Capabilities</dt>
      <dd>{caps.length > 0 ? caps.join(", ") : "text only"}</dd>
      <dt className="text-muted-foreground">Family / parameters</dt>
      <dd>{[data.details?.family, data.details?.parameterSize].filter(Boolean).join(" · ") || "unknown"}</dd>
      <dt className="text-muted-foreground">Quantisation</dt>
      <dd>{data.details?.quantization ?? "unknown"}</dd>
    </dl>
  );
}
