import { describe, expect, it } from "vitest";
import { firstJsonObject, matchToolName, repairToolInput } from "@/server/tools/tool-repair";

describe("repairToolInput", () => {
  const fix = (raw: string) =>
    repairToolInput(raw, "files_read") === null ? null : JSON.parse(repairToolInput(raw, "files_read")!);

  it("keeps valid JSON and turns empty input into {}", () => {
    expect(fix('{"path":"a.txt"}')).toEqual({ path: "a.txt" });
    expect(fix("  ")).toEqual({});
  });

  it("repairs trailing commas, single quotes, unquoted keys and Python literals", () => {
    expect(fix('{"path": "a.txt",}')).toEqual({ path: "a.txt" });
    expect(fix("{'path': 'it\"s.txt'}")).toEqual({ path: 'it"s.txt' });
    expect(fix("{path: 'a.txt', recursive: True, depth: None}")).toEqual({
      path: "a.txt",
      recursive: true,
      depth: null,
    });
  });

  it("unwraps code fences, JSON inside prose and the call wrapped around its arguments", () => {
    expect(fix('```json\n{"path": "a.txt"}\n```')).toEqual({ path: "a.txt" });
    expect(fix('Sure! Here are the arguments: {"path": "notes/{x}.txt"} hope it helps')).toEqual({
      path: "notes/{x}.txt",
    });
    expect(fix('{"name": "files_read", "arguments": {"path": "a.txt"}}')).toEqual({ path: "a.txt" });
    expect(fix('{"name": "files_read", "arguments": "{\\"path\\": \\"a.txt\\"}"}')).toEqual({ path: "a.txt" });
  });

  it("does not unwrap a call to another tool, and gives up on text without an object", () => {
    expect(fix('{"name": "shell", "arguments": {"command": "ls"}}')).toEqual({
      name: "shell",
      arguments: { command: "ls" },
    });
    expect(fix("read the file a.txt please")).toBeNull();
    expect(fix('{"path": "a.txt"')).toBeNull();
  });

  it("finds balanced objects and ignores braces inside strings", () => {
    expect(firstJsonObject('x {"a": "}"} y')).toBe('{"a": "}"}');
    expect(firstJsonObject("no object")).toBeNull();
  });
});

describe("matchToolName", () => {
  const offered = ["files_read", "files_list", "mcp__docs__search"];
  it("maps common misspellings to the one offered tool", () => {
    expect(matchToolName("files_read", offered)).toBe("files_read");
    expect(matchToolName("Files_Read", offered)).toBe("files_read");
    expect(matchToolName("functions.files-read", offered)).toBe("files_read");
  });
  it("returns null for unknown or ambiguous names", () => {
    expect(matchToolName("web_fetch", offered)).toBeNull();
    expect(matchToolName("read", offered)).toBeNull();
  });
});
