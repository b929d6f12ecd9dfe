"use client";

import { Paperclip, RotateCcw, Send, Square } from "lucide-react";
import { memo, useRef } from "react";
import { ComposerFileChips } from "@/components/chat/attachment-chips";
import type { ComposerFile } from "@/components/chat/attachment-upload";
import { Button } from "@/components/ui/button";
import { useMediaQuery } from "@/hooks/use-media-query";

/**
 * Enter sends, Shift+Enter adds a line; Stop replaces Send while an answer streams. Files come
 * from the attach button, a paste, or a drop on the conversation; Send waits for their upload.
 * Memoised: the thread re-renders at every streamed chunk, the composer only when its props change.
 */
export const Composer = memo(function Composer({
  value,
  onChange,
  onSend,
  onStop,
  onRegenerate,
  busy,
  canRegenerate,
  editing,
  onCancelEdit,
  files,
  onAddFiles,
  onRemoveFile,
  uploading,
}: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  onRegenerate: () => void;
  busy: boolean;
  canRegenerate: boolean;
  /** Editing the last prompt: Send replaces it and answers it again. */
  editing: boolean;
  onCancelEdit: () => void;
  files: ComposerFile[];
  onAddFiles: (files: File[]) => void;
  onRemoveFile: (key: string) => void;
  uploading: boolean;
}) {
  const picker = useRef<HTMLInputElement>(null);
  // On a phone the keyboard hint does not fit the field.
  const roomy = useMediaQuery("(min-width: 640px)");
  return (
    <div className="border-t bg-background">
      <ComposerFileChips files={files} onRemove={onRemoveFile} />
      {editing && (
        <p
          className="flex items-center justify-between gap-2 px-3 pt-2 text-xs text-muted-foreground"
          data-testid="chat-editing"
        >
          Editing your last message; Send replaces it and answers it again.
          <button type="button" className="underline underline-offset-2" onClick={onCancelEdit}>
            Cancel
          </button>
        </p>
      )}
      <form
        className="flex items-end gap-2 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          onSend();
        }}
      >
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="chat-file-input"
          onChange={(e) => {
            onAddFiles([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
        <Button
          type="button"
          variant="ghost"
          size="icon"
          onClick={() => picker.current?.click()}
          disabled={editing}
          data-testid="chat-attach"
          aria-label="Attach files (text, PDF, images)"
          title="Attach files: text, code, PDF, or images for vision models. You can also paste or drop them."
        >
          <Paperclip className="size-4" />
        </Button>
        <label htmlFor="chat-input" className="sr-only">
          Message
        </label>
        <textarea
          id="chat-input"
          data-testid="chat-input"
          value={value}
          rows={Math.min(8, Math.max(1, value.split("\n").length))}
          placeholder={roomy ? "Message the model… (Enter to send, Shift+Enter for a new line)" : "Message the model…"}
          onChange={(e) => onChange(e.target.value)}
          onPaste={(e) => {
            const pasted = [...e.clipboardData.files];
            if (pasted.length === 0) return;
            e.preventDefault();
            onAddFiles(pasted);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape" && editing) onCancelEdit();
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (!busy && !uploading) onSend();
            }
          }}
          className="max-h-60 min-h-10 flex-1 resize-none rounded-md border bg-transparent px-3 py-2 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
        <Button
          type="button"
          variant="outline"
          size="icon"
          onClick={onRegenerate}
          disabled={busy || !canRegenerate}
          data-testid="chat-regenerate"
          aria-label="Regenerate the last answer"
          title="Regenerate the last answer"
        >
          <RotateCcw className="size-4" />
        </Button>
        {busy ? (
          <Button type="button" variant="destructive" onClick={onStop} data-testid="chat-stop">
            <Square className="size-4" /> <span className="max-sm:sr-only">Stop</span>
          </Button>
        ) : (
          <Button
            type="submit"
            disabled={!value.trim() || uploading}
            data-testid="chat-send"
            title={uploading ? "Waiting for the files to upload" : undefined}
          >
            <Send className="size-4" /> <span className="max-sm:sr-only">Send</span>
          </Button>
        )}
      </form>
    </div>
  );
});
