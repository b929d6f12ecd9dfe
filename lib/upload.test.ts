import { afterEach, describe, expect, it, vi } from "vitest";
import { uploadErrorMessage, uploadFile } from "@/lib/upload";

/** Just enough of XMLHttpRequest to drive uploadFile: the test decides how each request ends. */
class FakeXhr {
  static last: FakeXhr | null = null;
  status = 0;
  responseText = "";
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, body: string) {
    this.status = status;
    this.responseText = body;
    this.onload?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.last = null;
});

const file = () => new Blob(["hello"], { type: "text/plain" });

describe("uploadErrorMessage", () => {
  it("prefers the server's sentence", () => {
    expect(uploadErrorMessage(413, JSON.stringify({ error: { message: "Too large." } }))).toBe("Too large.");
  });

  it("falls back to the status, or to the connection when there is none", () => {
    expect(uploadErrorMessage(502, "<html>Bad gateway</html>")).toBe("The upload failed (HTTP 502).");
    expect(uploadErrorMessage(500, "null")).toBe("The upload failed (HTTP 500).");
    expect(uploadErrorMessage(0, "")).toMatch(/could not be reached/);
  });
});

describe("uploadFile", () => {
  it("posts the raw body with its type, reports progress and resolves with the JSON answer", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const progress: number[] = [];
    const done = uploadFile<{ id: string }>("/api/x?name=a", file(), { onProgress: (f) => progress.push(f) });
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url, xhr.headers["content-type"]]).toEqual(["POST", "/api/x?name=a", "text/plain"]);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 4 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 2, total: 0 });
    xhr.answer(201, JSON.stringify({ id: "a1" }));
    await expect(done).resolves.toEqual({ id: "a1" });
    expect(progress).toEqual([0.25]);
  });

  it("rejects with the server's sentence on a refusal and on a network error", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const refused = uploadFile("/api/x", file());
    FakeXhr.last!.answer(415, JSON.stringify({ error: { message: "This type cannot be attached." } }));
    await expect(refused).rejects.toThrow("This type cannot be attached.");

    const offline = uploadFile("/api/x", file());
    FakeXhr.last!.onerror?.();
    await expect(offline).rejects.toThrow(/could not be reached/);
  });

  it("aborts through the signal, before or during the upload", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const controller = new AbortController();
    const during = uploadFile("/api/x", file(), { signal: controller.signal });
    controller.abort();
    await expect(during).rejects.toMatchObject({ name: "AbortError" });

    FakeXhr.last = null;
    await expect(uploadFile("/api/x", file(), { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(FakeXhr.last).toBeNull();
  });
});
