"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { toast } from "sonner";
import { formatDateTime } from "@/lib/format";
import { UserCreateDialog } from "@/components/settings/user-create-dialog";
import { UserDeleteButton } from "@/components/settings/user-delete-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

/** Admin-only: the accounts of this installation and their roles. */
export function UsersSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: users } = useSuspenseQuery(trpc.users.list.queryOptions());
  const { data: me } = useSuspenseQuery(trpc.users.me.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });

  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`${user.name} is now ${user.role === "admin" ? "an admin" : "a user"}.`);
        await refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  return (
    <Card data-testid="settings-section-users">
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <h2 className="leading-none font-semibold">Users</h2>
          <CardDescription>
            Admins manage settings and users; users use the platform. There is always at least one admin.
          </CardDescription>
        </div>
        <UserCreateDialog onCreated={refresh} />
      </CardHeader>
      <CardContent>
        {users.length === 0 ? (
          <EmptyState icon={Users} title="No users" description="Add a user to let someone else sign in." />
        ) : (
          <Table data-testid="users-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>E-mail</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Created</TableHead>
                <TableHead className="w-0">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.map((user) => {
                const self = user.id === me.id;
                return (
                  <TableRow key={user.id} data-testid="user-row" data-email={user.email}>
                    <TableCell className="font-medium">
                      {user.name}
                      {self && (
                        <Badge variant="outline" className="ml-2">
                          You
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className="max-w-56 truncate">{user.email}</TableCell>
                    <TableCell>
                      <Select
                        value={user.role}
                        disabled={setRole.isPending}
                        onValueChange={(role) =>
                          setRole.mutate({ id: user.id, role: role === "admin" ? "admin" : "user" })
                        }
                      >
                        <SelectTrigger size="sm" aria-label={`Role of ${user.name}`} data-testid="user-role">
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          <SelectItem value="user">User</SelectItem>
                          <SelectItem value="admin">Admin</SelectItem>
                        </SelectContent>
                      </Select>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground" suppressHydrationWarning>
                      {formatDateTime(user.createdAt, "Never")}
                    </TableCell>
                    <TableCell>
                      <UserDeleteButton user={user} disabled={self} onDeleted={refresh} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
