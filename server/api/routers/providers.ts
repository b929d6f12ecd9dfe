import { z } from "zod";
import { listGgufFiles, modelsDir } from "@/server/ai/embedded/models-folder";
import { modelIdSchema } from "@/lib/ai/model-id";
import { getProviderConfig } from "@/server/ai/provider-config";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listProviderModels, modelDetails } from "@/server/providers/catalog";
import { type ConnectionTarget, testConnection } from "@/server/providers/connection-test";
import { deploymentSummary } from "@/server/providers/deployment-mode";
import {
  addEmbeddedFromPath,
  deleteOllamaModel,
  removeEmbeddedModel,
  startGgufDownload,
  startOllamaPull,
} from "@/server/providers/model-admin";
import { cancelJob, listJobs } from "@/server/providers/provider-jobs";

/** Which provider: "compat" needs the endpoint's id from Settings -> Providers. */
const targetSchema = z
  .object({
    provider: z.enum(["ollama", "openrouter", "compat", "embedded"], {
      error: "Choose ollama, openrouter, compat or embedded.",
    }),
    endpointId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid endpoint id.")
      .optional(),
  })
  .refine((t) => t.provider !== "compat" || t.endpointId, {
    message: "Name the endpoint (endpointId) to test.",
    path: ["endpointId"],
  })
  .transform(
    (t): ConnectionTarget =>
      t.provider === "compat" ? { provider: "compat", endpointId: t.endpointId! } : { provider: t.provider },
  );

const ollamaNameSchema = z.object({ name: z.string().max(200, "Use at most 200 characters.") });

async function summary() {
  const config = await getProviderConfig();
  return { config, deployment: deploymentSummary(config, (await listGgufFiles()).length) };
}

export const providersRouter = createTRPCRouter({
  /** What each provider card needs: addresses, whether a key is set, defaults, Local/Cloud/Hybrid. */
  overview: protectedProcedure.query(async ({ ctx }) => {
    const { config, deployment } = await summary();
    return {
      ollama: { url: config.ollamaUrl, enabled: config.ollamaEnabled !== false },
      endpoints: config.endpoints.map(({ id, name, baseUrl, enabled }) => ({ id, name, baseUrl, enabled })),
      openrouter: { baseUrl: config.openrouter.baseUrl, keySet: config.openrouter.apiKey !== null },
      defaultModel: config.defaultModel,
      defaults: config.defaults,
      deployment,
      // A path on the server: only admins, who can add files there, need it.
      modelsDir: ctx.user.role === "admin" ? modelsDir() : null,
    };
  }),

  /** Local / Cloud / Hybrid for the shell's badge. */
  mode: protectedProcedure.query(async () => (await summary()).deployment),

  /** A read, not a change; a mutation because a person presses "Test" and waits for the answer. */
  testConnection: protectedProcedure.input(targetSchema).mutation(({ input }) => testConnection(input)),

  models: protectedProcedure
    .input(targetSchema)
    .query(({ input }) => listProviderModels(input, { signal: AbortSignal.timeout(10_000) })),

  /** One model's details on demand (Ollama's /api/show: context length, capabilities, quantisation). */
  details: protectedProcedure
    .input(z.object({ modelId: modelIdSchema }))
    .query(({ input }) => modelDetails(input.modelId, { signal: AbortSignal.timeout(10_000) })),

  jobs: adminProcedure.query(() => listJobs()),

  pull: adminProcedure
    .input(ollamaNameSchema)
    .mutation(({ ctx, input }) => startOllamaPull({ name: input.name, actor: ctx.user })),

  cancelJob: adminProcedure
    .input(z.object({ key: z.string().min(1).max(200, "Use at most 200 characters.") }))
    .mutation(({ input }) => cancelJob(input.key)),

  deleteOllamaModel: adminProcedure.input(ollamaNameSchema).mutation(async ({ ctx, input }) => {
    await deleteOllamaModel({ name: input.name, actor: ctx.user });
    return { ok: true };
  }),

  addEmbedded: adminProcedure
    .input(
      z.object({
        path: z
          .string()
          .trim()
          .min(1, "Enter the path of a .gguf file on the server.")
          .max(1000, "Use at most 1000 characters."),
      }),
    )
    .mutation(({ ctx, input }) => addEmbeddedFromPath({ path: input.path, actor: ctx.user })),

  downloadEmbedded: adminProcedure
    .input(
      z.object({
        url: z.string().trim().min(1, "Enter the URL of a .gguf file.").max(2000, "Use at most 2000 characters."),
      }),
    )
    .mutation(({ ctx, input }) => startGgufDownload({ url: input.url, actor: ctx.user })),

  removeEmbedded: adminProcedure
    .input(z.object({ file: z.string().max(300, "Use at most 300 characters.") }))
    .mutation(async ({ ctx, input }) => {
      await removeEmbeddedModel({ file: input.file, actor: ctx.user });
      return { ok: true };
    }),
});
