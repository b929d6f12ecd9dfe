"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Archive,
  ArchiveRestore,
  Copy,
  Download,
  MessageSquarePlus,
  MoreHorizontal,
  Pencil,
  Pin,
  PinOff,
  Search,
  Trash2,
} from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

type Format = "txt" | "md" | "json";

function download(fileName: string, contentType: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: contentType }));
  const a = Object.assign(document.createElement("a"), { href: url, download: fileName });
  a.click();
  URL.revokeObjectURL(url);
}

/** The left column: search, new chat, and each session with its actions. */
export function SessionList({
  selectedId,
  onSelect,
  className,
}: {
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  className?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [showArchived, setShowArchived] = useState(false);
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  const input = { search: search.trim() || undefined, archived: showArchived };
  const sessions = useQuery(trpc.chat.list.queryOptions(input, { placeholderData: (prev) => prev }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
  const fail = (e: { message: string }) => toast.error(e.message);

  const create = useMutation(trpc.chat.create.mutationOptions({ onError: fail }));
  const rename = useMutation(trpc.chat.rename.mutationOptions({ onError: fail }));
  const pin = useMutation(trpc.chat.pin.mutationOptions({ onError: fail }));
  const archive = useMutation(trpc.chat.archive.mutationOptions({ onError: fail }));
  const duplicate = useMutation(trpc.chat.duplicate.mutationOptions({ onError: fail }));
  const remove = useMutation(trpc.chat.delete.mutationOptions({ onError: fail }));

  const newChat = async () => {
    const created = await create.mutateAsync();
    setShowArchived(false);
    await refresh();
    onSelect(created.id);
  };
  const exportAs = async (id: string, format: Format) => {
    try {
      const file = await queryClient.fetchQuery(trpc.chat.export.queryOptions({ id, format }, { staleTime: 0 }));
      download(file.fileName, file.contentType, file.body);
    } catch (e) {
      fail(e as Error);
    }
  };

  return (
    <aside
      className={cn("flex min-h-0 flex-1 flex-col gap-2 p-3 md:w-72 md:flex-none md:border-r", className)}
      data-testid="chat-sessions"
    >
      <Button onClick={() => void newChat()} disabled={create.isPending} data-testid="chat-new">
        <MessageSquarePlus className="size-4" /> New chat
      </Button>
      <div className="relative">
        <Search className="absolute top-2.5 left-2 size-4 text-muted-foreground" aria-hidden />
        <Input
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search chats"
          aria-label="Search chats"
          className="pl-8"
          data-testid="chat-search"
        />
      </div>
      <label className="flex items-center gap-2 text-xs text-muted-foreground">
        <input
          type="checkbox"
          checked={showArchived}
          onChange={(e) => setShowArchived(e.target.checked)}
          data-testid="chat-show-archived"
        />{" "}
        Show archived
      </label>
      <ul className="flex min-h-0 flex-1 flex-col gap-1 overflow-y-auto" aria-label="Chats">
        {sessions.data?.length === 0 && (
          <li className="px-2 py-6 text-center text-sm text-muted-foreground" data-testid="chat-sessions-empty">
            {search
              ? "No chat matches that search."
              : showArchived
                ? "No archived chats."
                : "No chats yet. Start one with New chat."}
          </li>
        )}
        {sessions.data?.map((s) => (
          <li
            key={s.id}
            data-testid="chat-session-item"
            data-session-id={s.id}
            className={cn(
              "group flex items-center gap-1 rounded-md",
              s.id === selectedId ? "bg-accent" : "hover:bg-accent/50",
            )}
          >
            {renaming?.id === s.id ? (
              <form
                className="flex-1 p-1"
                onSubmit={(e) => {
                  e.preventDefault();
                  void rename.mutateAsync({ id: s.id, title: renaming.title }).then(() => {
                    setRenaming(null);
                    toast.success("Chat renamed");
                    return refresh();
                  });
                }}
              >
                <Input
                  autoFocus
                  value={renaming.title}
                  aria-label="New title"
                  onChange={(e) => setRenaming({ id: s.id, title: e.target.value })}
                  onKeyDown={(e) => e.key === "Escape" && setRenaming(null)}
                  data-testid="chat-rename-input"
                />
              </form>
            ) : (
              <button
                type="button"
                onClick={() => onSelect(s.id)}
                className="min-w-0 flex-1 px-2 py-1.5 text-left"
                aria-current={s.id === selectedId ? "page" : undefined}
              >
                <span className="flex items-center gap-1 truncate text-sm font-medium">
                  {s.pinned && <Pin className="size-3 shrink-0" aria-label="Pinned" />}
                  <span className="truncate" data-testid="chat-session-title">
                    {s.title}
                  </span>
                </span>
                <span className="block truncate text-xs text-muted-foreground">{s.preview || "No messages yet"}</span>
              </button>
            )}
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8 shrink-0"
                  aria-label={`Actions for ${s.title}`}
                  data-testid="chat-session-menu"
                >
                  <MoreHorizontal className="size-4" />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem
                  onSelect={() => setRenaming({ id: s.id, title: s.title })}
                  data-testid="chat-session-rename"
                >
                  <Pencil className="size-4" /> Rename
                </DropdownMenuItem>
                <DropdownMenuItem
                  onSelect={() => void pin.mutateAsync({ id: s.id, pinned: !s.pinned }).then(refresh)}
                  data-testid="chat-session-pin"
                >
                  {s.pinned ? <PinOff className="size-4" /> : <Pin className="size-4" />} {s.pinned ? "Unpin" : "Pin"}
                </DropdownMenuItem>
                <DropdownMenuItem
                  onSelect={() =>
                    void duplicate.mutateAsync({ id: s.id }).then(async (copy) => {
                      toast.success("Chat duplicated");
                      await refresh();
                      onSelect(copy.id);
                    })
                  }
                  data-testid="chat-session-duplicate"
                >
                  <Copy className="size-4" /> Duplicate
                </DropdownMenuItem>
                <DropdownMenuItem
                  onSelect={() =>
                    void archive.mutateAsync({ id: s.id, archived: !s.archived }).then(async () => {
                      toast.success(s.archived ? "Chat restored" : "Chat archived");
                      if (s.id === selectedId && !s.archived) onSelect(null);
                      await refresh();
                    })
                  }
                  data-testid="chat-session-archive"
                >
                  {s.archived ? <ArchiveRestore className="size-4" /> : <Archive className="size-4" />}{" "}
                  {s.archived ? "Restore" : "Archive"}
                </DropdownMenuItem>
                <DropdownMenuSeparator />
                {(["txt", "md", "json"] as const).map((f) => (
                  <DropdownMenuItem key={f} onSelect={() => void exportAs(s.id, f)} data-testid={`chat-export-${f}`}>
                    <Download className="size-4" /> Export .{f}
                  </DropdownMenuItem>
                ))}
                <DropdownMenuSeparator />
                <DropdownMenuItem
                  variant="destructive"
                  onSelect={() => setDeleting({ id: s.id, title: s.title })}
                  data-testid="chat-session-delete"
                >
                  <Trash2 className="size-4" /> Delete
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this chat?"
        description={`"${deleting?.title}" and all its messages will be removed for good.`}
        confirmLabel="Delete"
        destructive
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting!;
          setDeleting(null);
          void remove.mutateAsync({ id: target.id }).then(async () => {
            toast.success("Chat deleted");
            if (target.id === selectedId) onSelect(null);
            await refresh();
          });
        }}
      />
    </aside>
  );
}
