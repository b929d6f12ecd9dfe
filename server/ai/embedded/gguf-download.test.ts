import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DownloadProgress, downloadGguf } from "@/server/ai/embedded/gguf-download";
import { listGgufFiles, modelsDir } from "@/server/ai/embedded/models-folder";
import { STORIES_260K } from "@/tests/support/model-tokens";

const bytes = readFileSync(STORIES_260K);
let base: string;
let closed = false;
const server = createServer((req, res) => {
  if (req.url === "/models/stories260K.gguf" || req.url === "/slow/slow.gguf") {
    const slow = req.url.startsWith("/slow");
    res.writeHead(200, { "content-length": bytes.length });
    let offset = 0;
    const step = 100_000;
    const send = () => {
      if (res.destroyed) {
        closed = true;
        return;
      }
      if (offset >= bytes.length) return void res.end();
      res.write(bytes.subarray(offset, offset + step));
      offset += step;
      setTimeout(send, slow ? 30 : 0);
    };
    send();
  } else if (req.url === "/fake.gguf") {
    res.end("not a model at all");
  } else res.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function drain(url: string): Promise<DownloadProgress[]> {
  const steps: DownloadProgress[] = [];
  for await (const p of downloadGguf(url)) steps.push(p);
  return steps;
}

describe("downloading a GGUF model by URL", () => {
  it("streams progress and lands the checked file in the models folder", async () => {
    const steps = await drain(`${base}/models/stories260K.gguf`);
    expect(steps.at(-1)).toEqual({
      file: "stories260K.gguf",
      receivedBytes: bytes.length,
      totalBytes: bytes.length,
      percent: 100,
      done: true,
    });
    expect(steps.length).toBeGreaterThan(2);
    expect((await listGgufFiles()).map((f) => f.file)).toContain("stories260K.gguf");
    await expect(drain(`${base}/models/stories260K.gguf`)).rejects.toThrow(/already in the models folder/);
  });

  it("clear errors for a bad URL, a missing file and a file that is not GGUF", async () => {
    await expect(drain("ftp://x/y.gguf")).rejects.toThrow(/http:\/\/ or https:\/\//);
    await expect(drain(`${base}/models/readme.txt`)).rejects.toThrow(/must end in a \.gguf file name/);
    await expect(drain(`${base}/missing.gguf`)).rejects.toThrow(/answered 404 for missing\.gguf/);
    await expect(drain(`${base}/fake.gguf`)).rejects.toThrow(/fake\.gguf from .* is not a GGUF model file/);
    await expect(drain("http://127.0.0.1:9/a.gguf")).rejects.toThrow(/Cannot reach 127\.0\.0\.1:9/);
  });

  it("stopping mid-way closes the transfer and leaves nothing behind", async () => {
    for await (const p of downloadGguf(`${base}/slow/slow.gguf`)) {
      if (p.receivedBytes >= 200_000) break;
    }
    // The server sees the closed connection at its next write (every 30 ms).
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 5_000, interval: 10 });
    expect((await readdir(modelsDir())).filter((f) => f.includes("slow"))).toEqual([]);
  });
});
