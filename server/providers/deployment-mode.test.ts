import { describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { pickDefaultModel } from "@/server/providers/catalog";
import { deploymentSummary, urlLocality } from "@/server/providers/deployment-mode";

const base: ProviderConfig = {
  ollamaUrl: "http://localhost:11434",
  openrouter: { baseUrl: "https://openrouter.ai/api/v1", apiKey: null },
  endpoints: [],
  defaultModel: "",
};
const endpoint = (id: string, baseUrl: string, enabled = true) => ({ id, name: id, baseUrl, enabled });

describe("where a provider's URL points", () => {
  it.each([
    ["http://localhost:11434", "local"],
    ["http://127.0.0.1:1234/v1", "local"],
    ["http://[::1]:8000/v1", "local"],
    ["http://192.168.1.20:11434", "local"],
    ["http://10.0.0.5:8000/v1", "local"],
    ["http://172.20.1.1/v1", "local"],
    ["http://gpu-box:8000/v1", "local"],
    ["http://llm.lan:8080/v1", "local"],
    ["http://studio.local:1234/v1", "local"],
    ["http://[fd00::12]:8000/v1", "local"],
    ["https://api.together.xyz/v1", "cloud"],
    ["http://8.8.8.8:11434", "cloud"],
    ["http://172.32.0.1/v1", "cloud"],
    ["not a url", "cloud"],
  ] as const)("%s is %s", (url, expected) => {
    expect(urlLocality(url)).toBe(expected);
  });
});

describe("Local / Cloud / Hybrid", () => {
  it("is Local with Ollama, LAN endpoints and embedded files only", () => {
    const config = {
      ...base,
      endpoints: [endpoint("lm", "http://192.168.1.9:1234/v1"), endpoint("off", "https://api.example.com/v1", false)],
    };
    expect(deploymentSummary(config, 1)).toEqual({
      mode: "local",
      providers: [
        { provider: "ollama", label: "Ollama", locality: "local", where: "localhost:11434 (this machine or network)" },
        { provider: "compat", label: "lm", locality: "local", where: "192.168.1.9:1234 (this machine or network)" },
        { provider: "embedded", label: "Embedded model", locality: "local", where: "in this app's process" },
      ],
    });
  });

  it("is Cloud when only OpenRouter or remote servers are enabled", () => {
    const onlyCloud = { ...base, ollamaEnabled: false, openrouter: { ...base.openrouter, apiKey: "sk-or-x" } };
    expect(deploymentSummary(onlyCloud, 0).mode).toBe("cloud");
    expect(deploymentSummary({ ...base, ollamaUrl: "https://ollama.example.com" }, 0).mode).toBe("cloud");
    expect(
      deploymentSummary({ ...base, ollamaEnabled: false, endpoints: [endpoint("t", "https://api.together.xyz/v1")] }, 0)
        .mode,
    ).toBe("cloud");
  });

  it("is Hybrid with both, and Local with nothing enabled", () => {
    expect(deploymentSummary({ ...base, openrouter: { ...base.openrouter, apiKey: "sk-or-x" } }, 0).mode).toBe(
      "hybrid",
    );
    expect(deploymentSummary({ ...base, ollamaEnabled: false }, 1).mode).toBe("local");
    expect(deploymentSummary({ ...base, ollamaEnabled: false }, 0)).toEqual({ mode: "local", providers: [] });
  });
});

describe("the default model", () => {
  const models = [
    { id: "openrouter:openai/gpt-4o-mini" },
    { id: "ollama:llama3.2:latest" },
    { id: "embedded:stories260K.gguf" },
  ];
  const defaults = { ollama: "", compat: "", openrouter: "", embedded: "" };

  it("is the global setting when set, whatever is listed", () => {
    expect(
      pickDefaultModel(
        { ...base, defaultModel: "ollama:phi4", defaults: { ...defaults, ollama: "ollama:llama3.2" } },
        models,
      ),
    ).toBe("ollama:phi4");
  });

  it("else the first available per-provider default, local before cloud", () => {
    const config = {
      ...base,
      defaults: { ...defaults, openrouter: "openrouter:openai/gpt-4o-mini", embedded: "embedded:stories260K.gguf" },
    };
    expect(pickDefaultModel(config, models)).toBe("embedded:stories260K.gguf");
    expect(
      pickDefaultModel(
        { ...base, defaults: { ...defaults, ollama: "ollama:llama3.2", embedded: "embedded:stories260K.gguf" } },
        models,
      ),
    ).toBe("ollama:llama3.2:latest");
    expect(
      pickDefaultModel(
        { ...base, defaults: { ...defaults, ollama: "ollama:gone", openrouter: "openrouter:openai/gpt-4o-mini" } },
        models,
      ),
    ).toBe("openrouter:openai/gpt-4o-mini");
  });

  it("else the first model listed, or none", () => {
    expect(pickDefaultModel({ ...base, defaults: { ...defaults, ollama: "ollama:gone" } }, models)).toBe(
      "openrouter:openai/gpt-4o-mini",
    );
    expect(pickDefaultModel(base, [])).toBeNull();
  });
});
