"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { KeyRound, Loader2, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { formatDateTime } from "@/lib/format";
import { RevokeTokenButton } from "@/components/profile/revoke-token-button";
import { TokenCreatedDialog } from "@/components/profile/token-created-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

export function ApiTokensSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: tokens } = useSuspenseQuery(trpc.tokens.list.queryOptions());
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });

  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: async (result) => {
        setName("");
        setCreated({ name: result.name, token: result.token });
        await invalidate();
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate({ name });
  }

  return (
    <Card id="tokens" className="scroll-mt-20" data-testid="profile-tokens">
      <CardHeader>
        <CardTitle>API tokens</CardTitle>
        <CardDescription>
          Let scripts and other programs act as you. A token is shown once when you create it; revoke any you no longer
          use.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="grid flex-1 gap-1.5">
            <Label htmlFor="token-name">New token name</Label>
            <Input
              id="token-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Backup script"
              maxLength={60}
              data-testid="token-name"
            />
          </div>
          <Button type="submit" disabled={create.isPending || name.trim() === ""} data-testid="token-create">
            {create.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Plus aria-hidden />}
            Create token
          </Button>
        </form>

        {tokens.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No API tokens yet"
            description="Name a token above and create it to call the API from a script or another program."
            data-testid="tokens-empty"
          />
        ) : (
          <Table data-testid="tokens-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Token</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="w-0">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.map((token) => (
                <TableRow key={token.id} data-testid="token-row">
                  <TableCell className="font-medium">{token.name}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">lap_{token.prefix}_…</TableCell>
                  <TableCell className="whitespace-nowrap" suppressHydrationWarning>
                    {formatDateTime(token.createdAt, "Never")}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground" suppressHydrationWarning>
                    {formatDateTime(token.lastUsedAt, "Never")}
                  </TableCell>
                  <TableCell>
                    <RevokeTokenButton token={token} onRevoked={invalidate} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <TokenCreatedDialog created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
