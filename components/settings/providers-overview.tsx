"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Boxes, Cable, KeyRound, Power } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { ProviderCard } from "@/components/settings/providers-card";
import { EmbeddedAdd } from "@/components/settings/providers-embedded-add";
import { JobProgress, jobsOfKind, useProviderJobs } from "@/components/settings/providers-jobs";
import { MODE_INFO } from "@/components/settings/providers-mode-badge";
import { PullDialog } from "@/components/settings/providers-pull-dialog";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { useTRPC } from "@/lib/trpc/react";

const code = (text: string) => <code className="rounded bg-muted px-1">{text}</code>;

/**
 * Settings -> Providers above the form: Local / Cloud / Hybrid, then one card per provider with
 * its status, connection test, models, downloads and what to do when it is missing.
 */
export function ProvidersOverview({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(trpc.providers.overview.queryOptions());
  const { jobs, refresh } = useProviderJobs(canEdit);
  const [deleting, setDeleting] = useState<{ kind: "ollama" | "embedded"; model: CatalogModel } | null>(null);

  const afterRemove = async (what: string, provider: "ollama" | "embedded") => {
    toast.success(`${what} removed`);
    await queryClient.invalidateQueries({ queryKey: trpc.providers.models.queryKey({ provider }) });
    await queryClient.invalidateQueries({ queryKey: trpc.providers.overview.queryKey() });
  };
  const deleteOllama = useMutation(
    trpc.providers.deleteOllamaModel.mutationOptions({
      onSuccess: (_, v) => afterRemove(v.name, "ollama"),
      onError: (err) => toast.error("The model was not deleted", { description: err.message }),
    }),
  );
  const removeEmbedded = useMutation(
    trpc.providers.removeEmbedded.mutationOptions({
      onSuccess: (_, v) => afterRemove(v.file, "embedded"),
      onError: (err) => toast.error("The file was not removed", { description: err.message }),
    }),
  );

  if (error) {
    return (
      <p role="alert" className="text-sm text-destructive">
        The providers could not be loaded: {error.message} Reload the page to try again.
      </p>
    );
  }
  if (!data) return <Skeleton className="h-40 w-full" aria-label="Loading providers" />;

  const mode = MODE_INFO[data.deployment.mode];
  const ModeIcon = mode.icon;
  const defaults = data.defaults ?? { ollama: "", compat: "", openrouter: "", embedded: "" };
  const pulls = jobsOfKind(jobs, "ollama-pull");
  const downloads = jobsOfKind(jobs, "gguf-download");

  return (
    <div className="flex flex-col gap-6" data-testid="providers-overview">
      <Card data-testid="provider-mode" data-mode={data.deployment.mode}>
        <CardHeader>
          <div className="flex items-center gap-2">
            <ModeIcon className="size-5" aria-hidden />
            <h2 className="leading-none font-semibold">
              Mode: <span data-testid="provider-mode-label">{mode.label}</span>
            </h2>
          </div>
          <CardDescription>{mode.explain} It follows from the providers enabled below.</CardDescription>
        </CardHeader>
        <CardContent>
          {data.deployment.providers.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No provider is enabled yet: start Ollama, add an endpoint, an OpenRouter key or a GGUF file.
            </p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {data.deployment.providers.map((p) => (
                <li key={`${p.provider}-${p.label}`}>
                  <Badge variant={p.locality === "local" ? "success" : "warning"} title={p.where}>
                    {p.label} · {p.locality}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      {data.ollama.enabled ? (
        <ProviderCard
          testId="provider-card-ollama"
          title="Ollama"
          address={data.ollama.url}
          target={{ provider: "ollama" }}
          canEdit={canEdit}
          defaultField="defaultOllamaModel"
          providerDefault={defaults.ollama}
          globalDefault={data.defaultModel}
          withDetails
          headerActions={canEdit ? <PullDialog jobs={pulls} onStarted={() => void refresh()} /> : undefined}
          extraActions={[
            {
              label: "Delete from Ollama…",
              testId: "provider-model-delete",
              destructive: true,
              onSelect: (model) => setDeleting({ kind: "ollama", model }),
            },
          ]}
          unreachableHint={<>Start it with {code("ollama serve")}, or change the URL below.</>}
          emptyModels={
            <EmptyState
              icon={Boxes}
              title="Ollama has no models yet"
              description={
                canEdit ? "Pull one, e.g. llama3.2 or qwen3:0.6b, with “Pull model”." : "Ask an admin to pull one."
              }
            />
          }
        >
          {pulls.length > 0 && (
            <div className="flex flex-col gap-2" data-testid="ollama-pulls">
              {pulls.map((view) => (
                <JobProgress key={view.job.key} view={view} onChanged={() => void refresh()} />
              ))}
            </div>
          )}
        </ProviderCard>
      ) : (
        <Card data-testid="provider-card-ollama">
          <CardContent className="flex items-center gap-2 text-sm text-muted-foreground">
            <Power className="size-4" aria-hidden /> Ollama is turned off (“Use Ollama” in the settings below).
          </CardContent>
        </Card>
      )}

      {data.endpoints.length === 0 ? (
        <EmptyState
          data-testid="provider-compat-empty"
          icon={Cable}
          title="No OpenAI-compatible endpoint"
          description={
            <>
              Add LM Studio ({code("http://localhost:1234/v1")}), vLLM or a llama.cpp server under “OpenAI-compatible
              endpoints” below, then Apply.
            </>
          }
        />
      ) : (
        data.endpoints.map((endpoint) =>
          endpoint.enabled ? (
            <ProviderCard
              key={endpoint.id}
              testId={`provider-card-compat-${endpoint.id}`}
              title={endpoint.name}
              address={`${endpoint.baseUrl} · OpenAI-compatible`}
              target={{ provider: "compat", endpointId: endpoint.id }}
              canEdit={canEdit}
              defaultField="defaultCompatModel"
              providerDefault={defaults.compat}
              globalDefault={data.defaultModel}
              unreachableHint={<>Start the server, or correct its base URL below (it usually ends in {code("/v1")}).</>}
              emptyModels={
                <EmptyState
                  icon={Boxes}
                  title={`${endpoint.name} lists no models`}
                  description="Load a model in the server, then test again."
                />
              }
            />
          ) : (
            <Card key={endpoint.id} data-testid={`provider-card-compat-${endpoint.id}`}>
              <CardContent className="flex items-center gap-2 text-sm text-muted-foreground">
                <Power className="size-4" aria-hidden /> {endpoint.name} ({endpoint.baseUrl}) is turned off; switch it
                on below to use it.
              </CardContent>
            </Card>
          ),
        )
      )}

      {data.openrouter.keySet ? (
        <ProviderCard
          testId="provider-card-openrouter"
          title="OpenRouter"
          address={`${data.openrouter.baseUrl} · cloud`}
          target={{ provider: "openrouter" }}
          canEdit={canEdit}
          defaultField="defaultOpenrouterModel"
          providerDefault={defaults.openrouter}
          globalDefault={data.defaultModel}
          unreachableHint="Check the internet connection and the OpenRouter API URL below."
          emptyModels={
            <EmptyState
              icon={Boxes}
              title="OpenRouter lists no models"
              description="Test the connection; the API URL may point somewhere else."
            />
          }
        />
      ) : (
        <EmptyState
          data-testid="provider-card-openrouter"
          icon={KeyRound}
          title="OpenRouter is not set up"
          description="Cloud models through OpenRouter need an API key: add it under “OpenRouter API key” below. Without it nothing leaves this machine."
        />
      )}

      <ProviderCard
        testId="provider-card-embedded"
        title="Embedded (GGUF)"
        address={
          data.modelsDir
            ? `Runs inside this app with llama.cpp, from ${data.modelsDir}`
            : "Runs inside this app with llama.cpp; no other program needed."
        }
        target={{ provider: "embedded" }}
        canEdit={canEdit}
        defaultField="defaultEmbeddedModel"
        providerDefault={defaults.embedded}
        globalDefault={data.defaultModel}
        extraActions={[
          {
            label: "Remove the file…",
            testId: "provider-model-remove",
            destructive: true,
            onSelect: (model) => setDeleting({ kind: "embedded", model }),
          },
        ]}
        unreachableHint="Check that the models folder can be read."
        emptyModels={
          <EmptyState
            icon={Boxes}
            title="No GGUF model yet"
            description={
              canEdit
                ? "Add a .gguf file from this server or download one by URL above."
                : "Ask an admin to add a .gguf file."
            }
          />
        }
      >
        {canEdit && <EmbeddedAdd onDownloadStarted={() => void refresh()} />}
        {downloads.length > 0 && (
          <div className="flex flex-col gap-2" data-testid="embedded-downloads">
            {downloads.map((view) => (
              <JobProgress key={view.job.key} view={view} onChanged={() => void refresh()} />
            ))}
          </div>
        )}
      </ProviderCard>

      <ConfirmDialog
        open={deleting !== null}
        title={
          deleting?.kind === "ollama"
            ? `Delete ${deleting.model.name} from Ollama?`
            : `Remove ${deleting?.model.name ?? ""}?`
        }
        description={
          deleting?.kind === "ollama"
            ? "Ollama deletes the model's files. Chats and agents that use it stop working until it is pulled again."
            : "The file is deleted from the models folder. Chats and agents that use it stop working until it is added again."
        }
        confirmLabel={deleting?.kind === "ollama" ? "Delete" : "Remove"}
        destructive
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting?.kind === "ollama") deleteOllama.mutate({ name: deleting.model.name });
          else if (deleting) removeEmbedded.mutate({ file: deleting.model.name });
          setDeleting(null);
        }}
      />
    </div>
  );
}
