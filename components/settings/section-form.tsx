"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, RotateCw } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { FieldControl } from "@/components/settings/field-control";
import { FieldRow } from "@/components/settings/field-row";
import { type Draft, type FieldErrors, evaluateDraft, fieldsOf, toDraft } from "@/components/settings/form-values";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { fieldLabel, SECTION_META, type SectionKey, type Settings } from "@/lib/settings/schema";
import { useTRPC } from "@/lib/trpc/react";

/**
 * One settings section as a form built from the schema metadata. Apply sends only the fields
 * that changed; the server validates again and answers which changes need a restart.
 */
export function SectionForm({
  section,
  canEdit,
  before,
  fields,
}: {
  section: SectionKey;
  canEdit: boolean;
  before?: React.ReactNode;
  /** Only these fields (others keep their own controls on the page, e.g. the typed-confirmation tool switches). */
  fields?: readonly string[];
}) {
  const trpc = useTRPC();
  const { data, error } = useQuery(trpc.settings.get.queryOptions());
  const [restartNotice, setRestartNotice] = useState<string[]>([]);
  const meta = SECTION_META[section];

  return (
    <Card data-testid={`settings-section-${section}`}>
      <CardHeader>
        <h2 className="leading-none font-semibold">{meta.title}</h2>
        <CardDescription>{meta.description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {!canEdit && (
          <p
            data-testid="settings-read-only"
            className="flex items-start gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm text-muted-foreground"
          >
            <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
            Only an admin can change settings. You are seeing the values in use.
          </p>
        )}
        {restartNotice.length > 0 && (
          <div
            role="status"
            data-testid="settings-restart-notice"
            className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
          >
            <RotateCw className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              Restart the server for these changes to take effect:{" "}
              <strong>{restartNotice.map(fieldLabel).join(", ")}</strong>.
            </span>
          </div>
        )}
        {before}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            The settings could not be loaded: {error.message} Reload the page to try again.
          </p>
        ) : data ? (
          <SectionFields
            key={JSON.stringify(data[section])}
            section={section}
            saved={data[section]}
            canEdit={canEdit}
            fields={fields}
            onRestartRequired={(paths) => setRestartNotice((prev) => [...new Set([...prev, ...paths])])}
          />
        ) : (
          <output className="flex flex-col gap-3" aria-busy="true" aria-label="Loading settings">
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-9 w-full" />
          </output>
        )}
      </CardContent>
    </Card>
  );
}

function SectionFields({
  section,
  saved,
  canEdit,
  fields,
  onRestartRequired,
}: {
  section: SectionKey;
  saved: Settings[SectionKey];
  canEdit: boolean;
  fields?: readonly string[];
  onRestartRequired: (paths: string[]) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(section, saved));
  const [showErrors, setShowErrors] = useState(false);
  const state = useMemo(() => evaluateDraft(section, saved, draft), [section, saved, draft]);
  const hasErrors = Object.keys(state.errors).length > 0;

  const apply = useMutation(
    trpc.settings.applyChanges.mutationOptions({
      onSuccess: async (result) => {
        if (result.changed.length === 0) toast.info("Nothing to apply: the values are already in use.");
        else
          toast.success("Settings applied", { description: `Changed: ${result.changed.map(fieldLabel).join(", ")}.` });
        if (result.restartRequired.length > 0) {
          onRestartRequired(result.restartRequired);
          toast.warning("Restart required", {
            description: `${result.restartRequired.map(fieldLabel).join(", ")} take effect after a restart.`,
          });
        }
        await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
      onError: (err) => toast.error("The settings were not applied", { description: err.message }),
    }),
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors || state.changed.length === 0 || !canEdit) return;
    const changes = Object.fromEntries(state.changed.map((field) => [field, state.values[field]]));
    apply.mutate({ changes: { [section]: changes } });
  };

  const fieldErrors = (field: string): FieldErrors =>
    Object.fromEntries(
      Object.entries(state.errors)
        .filter(([key]) => key.startsWith(`${field}.`))
        .map(([key, message]) => [key.slice(field.length + 1), message]),
    );
  const dirty = state.changed.length > 0;

  return (
    <form onSubmit={submit} noValidate aria-label={`${section} settings`} className="flex flex-col">
      <fieldset disabled={!canEdit || apply.isPending} className="flex flex-col divide-y">
        {fieldsOf(section)
          .filter(([field]) => !fields || fields.includes(field))
          .map(([field, meta]) => {
            const id = `setting-${section}-${field}`;
            const changed = state.changed.includes(field);
            const error = state.errors[field];
            return (
              <FieldRow
                key={field}
                id={id}
                label={meta.label}
                help={meta.help}
                restartRequired={meta.restartRequired}
                changed={changed}
                error={changed || showErrors ? error : undefined}
              >
                <FieldControl
                  id={id}
                  meta={meta}
                  value={draft[field]}
                  onChange={(next) => setDraft((d) => ({ ...d, [field]: next }))}
                  errors={changed || showErrors ? fieldErrors(field) : {}}
                  error={changed || showErrors ? error : undefined}
                  disabled={!canEdit}
                />
              </FieldRow>
            );
          })}
      </fieldset>
      <div className="sticky bottom-0 -mx-5 mt-4 flex flex-wrap items-center gap-3 border-t bg-card/95 px-5 py-3 backdrop-blur">
        <p data-testid="settings-unsaved" aria-live="polite" className="mr-auto text-sm text-muted-foreground">
          {!dirty
            ? "No unsaved changes."
            : hasErrors
              ? "Fix the highlighted fields before applying."
              : `${state.changed.length} unsaved ${state.changed.length === 1 ? "change" : "changes"}.`}
        </p>
        <Button
          type="button"
          variant="outline"
          data-testid="settings-reset"
          disabled={!canEdit || !dirty || apply.isPending}
          onClick={() => {
            setDraft(toDraft(section, saved));
            setShowErrors(false);
          }}
        >
          Reset
        </Button>
        <Button
          type="submit"
          data-testid="settings-apply"
          disabled={!canEdit || !dirty || hasErrors || apply.isPending}
        >
          {apply.isPending ? "Applying…" : "Apply"}
        </Button>
      </div>
    </form>
  );
}
