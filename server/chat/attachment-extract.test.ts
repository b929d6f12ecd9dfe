import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { classifyAttachment, extractAttachmentText, MAX_ATTACHMENT_CHARS } from "@/server/chat/attachment-extract";
import { makePdf } from "@/tests/support/pdf-fixture";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("classifyAttachment", () => {
  it("knows text, code, PDFs and images by name even when the browser says octet-stream", () => {
    expect(classifyAttachment("notes.md", "application/octet-stream").kind).toBe("text");
    expect(classifyAttachment("main.rs", "").kind).toBe("text");
    expect(classifyAttachment("data.csv", "text/csv")).toEqual({ kind: "text", mime: "text/csv" });
    expect(classifyAttachment("report.PDF", "")).toEqual({ kind: "pdf", mime: "application/pdf" });
    expect(classifyAttachment("photo.jpg", "application/octet-stream")).toEqual({ kind: "image", mime: "image/jpeg" });
  });

  it("refuses other types by name, saying what can be attached", () => {
    expect(() => classifyAttachment("setup.exe", "application/x-msdownload")).toThrow(
      /"setup\.exe" cannot be attached: only text files/,
    );
    expect(() => classifyAttachment("song.mp3", "audio/mpeg")).toThrow(AppError);
  });
});

describe("extractAttachmentText", () => {
  it("reads UTF-8 text and cuts it at the limit, marking the cut", async () => {
    expect(await extractAttachmentText({ name: "a.txt", kind: "text", data: bytes("\uFEFFhello") })).toEqual({
      text: "hello",
      truncated: false,
    });
    const long = await extractAttachmentText({
      name: "big.txt",
      kind: "text",
      data: bytes("x".repeat(MAX_ATTACHMENT_CHARS + 10)),
    });
    expect(long.text).toHaveLength(MAX_ATTACHMENT_CHARS);
    expect(long.truncated).toBe(true);
  });

  it("refuses empty, non-UTF-8 and binary files with the file's name", async () => {
    await expect(extractAttachmentText({ name: "e.txt", kind: "text", data: new Uint8Array() })).rejects.toThrow(
      '"e.txt" is empty.',
    );
    await expect(
      extractAttachmentText({ name: "l.txt", kind: "text", data: new Uint8Array([0xff, 0xfe, 0x41, 0xc3]) }),
    ).rejects.toThrow(/not UTF-8/);
    await expect(
      extractAttachmentText({ name: "b.txt", kind: "text", data: new Uint8Array([65, 0, 66]) }),
    ).rejects.toThrow(/binary/);
  });

  it("extracts a real PDF's text layer page by page", async () => {
    const out = await extractAttachmentText({
      name: "r.pdf",
      kind: "pdf",
      data: makePdf(["Quarterly revenue grew", "Second page (notes)"]),
    });
    expect(out.text).toContain("[Page 1]\nQuarterly revenue grew");
    expect(out.text).toContain("[Page 2]\nSecond page (notes)");
  });

  it("says so for a corrupt PDF and for one without a text layer", async () => {
    await expect(
      extractAttachmentText({ name: "bad.pdf", kind: "pdf", data: bytes("%PDF-1.4 this is not really a pdf") }),
    ).rejects.toThrow(/"bad\.pdf": This file is not a readable PDF/);
    await expect(extractAttachmentText({ name: "scan.pdf", kind: "pdf", data: makePdf([""]) })).rejects.toThrow(
      /"scan\.pdf" has no text layer/,
    );
  });

  it("keeps images as files: no text", async () => {
    expect(await extractAttachmentText({ name: "p.png", kind: "image", data: new Uint8Array([1]) })).toEqual({
      text: null,
      truncated: false,
    });
  });
});
