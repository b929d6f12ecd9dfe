import { describe, expect, it } from "vitest";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import {
  capabilitiesOf,
  formatContext,
  formatPricePerMillion,
  matchesSearch,
} from "@/components/settings/providers-format";

const model = (over: Partial<CatalogModel>): CatalogModel => ({
  id: "ollama:qwen3:0.6b",
  provider: "ollama",
  providerLabel: "Ollama",
  name: "qwen3:0.6b",
  contextLength: 40960,
  capabilities: { tools: true, vision: false, thinking: true },
  pricing: null,
  sizeBytes: 500_000_000,
  loaded: null,
  details: { family: "qwen3", quantization: "Q4_K_M" },
  ...over,
});

describe("provider figures", () => {
  it("formats context windows and prices", () => {
    expect(formatContext(131072)).toBe("128K");
    expect(formatContext(2048)).toBe("2K");
    expect(formatContext(1_000_000)).toBe("1M");
    expect(formatContext(512)).toBe("512");
    expect(formatPricePerMillion(0.00000015)).toBe("$0.15");
    expect(formatPricePerMillion(0)).toBe("free");
    expect(formatPricePerMillion(0.000000000002)).toBe("$0.0000020");
  });

  it("lists capabilities and searches every word in names, family, quantisation and capabilities", () => {
    expect(capabilitiesOf(model({}))).toEqual(["tools", "thinking"]);
    expect(matchesSearch(model({}), "QWEN thinking")).toBe(true);
    expect(matchesSearch(model({}), "q4_k_m")).toBe(true);
    expect(matchesSearch(model({}), "vision")).toBe(false);
    expect(matchesSearch(model({ loaded: { sizeVram: 1, expiresAt: null } }), "loaded")).toBe(true);
    expect(matchesSearch(model({}), "  ")).toBe(true);
  });
});
