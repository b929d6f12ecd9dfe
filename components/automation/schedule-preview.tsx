"use client";

import { useQuery } from "@tanstack/react-query";
import { CalendarCheck } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";
import type { JobTrigger } from "@/lib/automation/job-schema";
import { formatInZone } from "@/components/automation/format";

/** "Validate": asks the server for the trigger's next 5 run times and shows them in the job's time zone. */
export function SchedulePreview({ trigger }: { trigger: JobTrigger | null }) {
  const trpc = useTRPC();
  const [asked, setAsked] = useState<JobTrigger | null>(null);
  const result = useQuery({
    ...trpc.automation.validate.queryOptions({ trigger: asked! }),
    enabled: asked !== null,
    retry: false,
  });
  const zone = asked?.type === "cron" ? asked.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="flex flex-col gap-2" data-testid="schedule-preview">
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="self-start"
        disabled={!trigger}
        onClick={() => setAsked(trigger)}
        data-testid="validate-schedule"
      >
        <CalendarCheck aria-hidden /> Validate
      </Button>
      {result.isError && (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert">
          {result.error.message}
        </p>
      )}
      {result.data && (
        <div className="text-sm">
          <p className="text-muted-foreground">{result.data.description}</p>
          {result.data.next.length === 0 ? (
            <p className="text-muted-foreground">
              This trigger has no clock: it runs on its event or when you press Run now.
            </p>
          ) : (
            <ol className="mt-1 list-decimal pl-5 tabular-nums" data-testid="next-runs">
              {result.data.next.map((t) => (
                <li key={String(t)}>{formatInZone(t, zone)}</li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
