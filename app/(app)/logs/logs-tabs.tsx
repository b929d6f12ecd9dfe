"use client";

import { AuditTable } from "@/app/(app)/logs/audit-table";
import { LogViewer } from "@/components/log-viewer/log-viewer";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

export function LogsTabs({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <LogViewer className="min-h-0 flex-1" />;
  return (
    <Tabs defaultValue="logs" className="min-h-0 flex-1">
      <TabsList>
        <TabsTrigger value="logs" data-testid="logs-tab-logs">
          Logs
        </TabsTrigger>
        <TabsTrigger value="audit" data-testid="logs-tab-audit">
          Audit
        </TabsTrigger>
      </TabsList>
      <TabsContent value="logs" className="flex min-h-0 flex-col">
        <LogViewer className="min-h-0 flex-1" />
      </TabsContent>
      <TabsContent value="audit" className="min-h-0 overflow-auto">
        <AuditTable />
      </TabsContent>
    </Tabs>
  );
}
