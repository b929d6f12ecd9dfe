"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { type ComposerFile, uploadAttachment } from "@/components/chat/attachment-upload";
import { useTRPC } from "@/lib/trpc/react";
import type { AttachmentInfo } from "@/server/chat/attachments";

const fromInfo = (info: AttachmentInfo): ComposerFile => ({
  key: info.id,
  state: "ready",
  name: info.name,
  size: info.size,
  info,
});

/**
 * The files of the prompt being written: each uploads at once (progress per file); a refused
 * file stays as a chip with the reason until removed. `take` hands the stored ones to a send and
 * `restore` puts them back when the send did not go through.
 */
export function useComposerFiles(sessionId: string, initial: AttachmentInfo[]) {
  const trpc = useTRPC();
  const [files, setFiles] = useState<ComposerFile[]>(() => initial.map(fromInfo));
  const removed = useRef(new Set<string>());
  const remove = useMutation(trpc.chat.removeAttachment.mutationOptions({ onError: (e) => toast.error(e.message) }));
  const update = (key: string, next: ComposerFile) => setFiles((all) => all.map((f) => (f.key === key ? next : f)));

  const add = (list: File[]) => {
    for (const file of list) {
      const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const base = { key, name: file.name || "pasted file", size: file.size };
      setFiles((all) => [...all, { ...base, state: "uploading", progress: 0 }]);
      uploadAttachment(sessionId, file, (progress) => update(key, { ...base, state: "uploading", progress }))
        .then((info) => {
          // Removed while it was uploading: delete the stored copy too.
          if (removed.current.has(key)) return void remove.mutate({ id: info.id });
          update(key, { ...base, state: "ready", info });
        })
        .catch((err: Error) => update(key, { ...base, state: "failed", error: err.message }));
    }
  };

  const drop = (key: string) => {
    const file = files.find((f) => f.key === key);
    if (!file) return;
    removed.current.add(key);
    setFiles((all) => all.filter((f) => f.key !== key));
    if (file.state === "ready") remove.mutate({ id: file.info.id });
  };

  const ready = files.flatMap((f) => (f.state === "ready" ? [f.info] : []));
  return {
    files,
    add,
    remove: drop,
    uploading: files.some((f) => f.state === "uploading"),
    /** The stored files for a send; the chips clear (refused ones too: their reasons were shown). */
    take: (): AttachmentInfo[] => {
      setFiles([]);
      return ready;
    },
    restore: (infos: AttachmentInfo[]) =>
      setFiles((all) => [...infos.map(fromInfo), ...all.filter((f) => !infos.some((i) => i.id === f.key))]),
  };
}
