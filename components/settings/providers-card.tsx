"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlugZap, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { ProviderModelTable, type RowAction } from "@/components/settings/providers-model-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { useTRPC } from "@/lib/trpc/react";
import type { ConnectionFailure, ConnectionTarget } from "@/server/providers/connection-test";

const FAILURE_LABELS: Record<ConnectionFailure, string> = {
  unreachable: "Unreachable",
  auth: "Wrong key",
  "missing-key": "No key",
  timeout: "Timed out",
  "bad-url": "Wrong URL",
  error: "Error",
};

export type DefaultField =
  | "defaultOllamaModel"
  | "defaultCompatModel"
  | "defaultOpenrouterModel"
  | "defaultEmbeddedModel";

/**
 * One provider: where it is, whether it answers (status badge, "Test connection" with latency and
 * models found), its models, and what to do when it is not there.
 */
export function ProviderCard({
  testId,
  title,
  address,
  target,
  canEdit,
  defaultField,
  providerDefault,
  globalDefault,
  extraActions = [],
  headerActions,
  unreachableHint,
  emptyModels,
  withDetails,
  children,
}: {
  testId: string;
  title: string;
  address: React.ReactNode;
  target: ConnectionTarget;
  canEdit: boolean;
  defaultField: DefaultField;
  providerDefault: string;
  globalDefault: string;
  extraActions?: RowAction[];
  headerActions?: React.ReactNode;
  unreachableHint: React.ReactNode;
  emptyModels: React.ReactNode;
  withDetails?: boolean;
  children?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const models = useQuery(trpc.providers.models.queryOptions(target));
  const test = useMutation(
    trpc.providers.testConnection.mutationOptions({
      onSuccess: (result) => {
        if (result.ok) toast.success(`${result.label}: connected`, { description: result.message });
        else
          toast.error(`${result.label}: ${FAILURE_LABELS[result.failure ?? "error"].toLowerCase()}`, {
            description: result.message,
          });
        void queryClient.invalidateQueries({ queryKey: trpc.providers.models.queryKey(target) });
      },
      onError: (err) => toast.error("The test could not run", { description: err.message }),
    }),
  );
  const applyDefault = useMutation(
    trpc.settings.applyChanges.mutationOptions({
      onSuccess: async (_, variables) => {
        toast.success("Default model saved", {
          description: Object.values(variables.changes.providers ?? {}).join(", "),
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.providers.overview.queryKey() }),
        ]);
      },
      onError: (err) => toast.error("The default was not saved", { description: err.message }),
    }),
  );

  const result = test.data;
  const problem = models.data?.problem ?? null;
  // The card's hint is about reaching the provider; a refused key or a server error says what to do itself.
  const failure = models.data?.failure ?? null;
  const showHint = failure === null || failure === "unreachable";
  const list: CatalogModel[] = models.data?.models ?? [];
  const status = result
    ? result.ok
      ? { label: "Connected", variant: "success" as const }
      : { label: FAILURE_LABELS[result.failure ?? "error"], variant: "destructive" as const }
    : models.isPending
      ? { label: "Checking…", variant: "outline" as const }
      : problem
        ? { label: "Unavailable", variant: "destructive" as const }
        : { label: "Ready", variant: "success" as const };

  const actions: RowAction[] = canEdit
    ? [
        {
          label: `Make ${title}'s default`,
          testId: "provider-model-make-default",
          onSelect: (m) => applyDefault.mutate({ changes: { providers: { [defaultField]: m.id } } }),
        },
        {
          label: "Make the global default",
          testId: "provider-model-make-global",
          onSelect: (m) => applyDefault.mutate({ changes: { providers: { defaultModel: m.id } } }),
        },
        ...extraActions,
      ]
    : [];

  return (
    <Card data-testid={testId}>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="leading-none font-semibold">{title}</h2>
          <Badge variant={status.variant} data-testid="provider-status">
            {status.label}
          </Badge>
          <div className="ml-auto flex flex-wrap gap-2">
            {headerActions}
            <Button
              type="button"
              size="sm"
              variant="outline"
              data-testid="provider-test"
              disabled={test.isPending}
              onClick={() => test.mutate(target)}
            >
              <PlugZap aria-hidden />
              {test.isPending ? "Testing…" : "Test connection"}
            </Button>
          </div>
        </div>
        <CardDescription className="break-all">{address}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {/* A failed test whose reason the problem box below already gives is said by the toast alone. */}
        {result && (result.ok || !problem) && (
          <p
            role="status"
            data-testid="provider-test-result"
            data-ok={result.ok}
            className={result.ok ? "text-sm" : "text-sm text-destructive"}
          >
            {result.ok ? (
              <>
                Answered in <strong data-testid="provider-test-latency">{result.latencyMs} ms</strong>
                {result.version ? ` (version ${result.version})` : ""}:{" "}
                <strong data-testid="provider-test-models">{result.modelsFound}</strong>{" "}
                {result.modelsFound === 1 ? "model" : "models"} found.
              </>
            ) : (
              result.message
            )}
          </p>
        )}
        {children}
        {problem ? (
          <div
            role="alert"
            data-testid="provider-problem"
            className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm"
          >
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
            <div className="flex flex-col gap-1">
              <span>{problem}</span>
              {showHint && <span className="text-muted-foreground">{unreachableHint}</span>}
            </div>
          </div>
        ) : (
          <ProviderModelTable
            models={list}
            loading={models.isPending}
            providerDefault={providerDefault}
            globalDefault={globalDefault}
            actions={actions}
            withDetails={withDetails}
            empty={emptyModels}
          />
        )}
        {models.error && <p className="text-sm text-destructive">{models.error.message}</p>}
      </CardContent>
    </Card>
  );
}
