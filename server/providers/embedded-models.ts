import path from "node:path";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { EMBEDDED_MAX_CONTEXT, isGgufLoaded } from "@/server/ai/embedded/llama-runtime";
import { listGgufFiles, modelsDir } from "@/server/ai/embedded/models-folder";
import { PROVIDER_LABELS } from "@/lib/ai/model-id";

interface GgufHeader {
  contextLength: number | null;
  architecture: string | null;
  name: string | null;
}

const headers = new Map<string, GgufHeader>();

/** Reads the file's header only (not the weights), once per file and modification time. */
async function ggufHeader(file: string, mtimeMs: number): Promise<GgufHeader> {
  const key = `${file}@${mtimeMs}`;
  const cached = headers.get(key);
  if (cached) return cached;
  const { readGgufFileInfo } = await import("node-llama-cpp");
  let header: GgufHeader = { contextLength: null, architecture: null, name: null };
  try {
    const info = await readGgufFileInfo(file, { readTensorInfo: false, logWarnings: false });
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
    const architecture = (metadata.general?.architecture as string | undefined) ?? null;
    const context = architecture ? metadata[architecture]?.context_length : undefined;
    header = {
      architecture,
      contextLength: typeof context === "number" ? context : null,
      name: (metadata.general?.name as string | undefined) ?? null,
    };
  } catch {
    // An unreadable header still lists the file; loading it will give the real error.
  }
  headers.set(key, header);
  return header;
}

export async function embeddedModels(): Promise<CatalogModel[]> {
  const files = await listGgufFiles();
  return Promise.all(
    files.map(async (f): Promise<CatalogModel> => {
      const full = path.join(modelsDir(), f.file);
      const header = await ggufHeader(full, f.modifiedAt.getTime());
      return {
        id: `embedded:${f.file}`,
        provider: "embedded",
        providerLabel: PROVIDER_LABELS.embedded,
        name: f.file,
        contextLength: header.contextLength === null ? null : Math.min(header.contextLength, EMBEDDED_MAX_CONTEXT),
        capabilities: { tools: false, vision: false, thinking: false },
        pricing: null,
        sizeBytes: f.sizeBytes,
        loaded: isGgufLoaded(full) ? { sizeVram: 0, expiresAt: null } : null,
        details: header.architecture ? { family: header.architecture } : null,
      };
    }),
  );
}
