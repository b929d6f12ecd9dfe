import { FieldRow } from "@/components/settings/field-row";
import { Input } from "@/components/ui/input";

/** Read-only: the data directory is chosen when the server starts, not in the settings. */
export function DataDirectory({ path }: { path: string }) {
  return (
    <FieldRow
      id="workspace-data-directory"
      label="Data directory"
      help={
        <>
          Database, files, logs and keys live here. It comes from the{" "}
          <code className="rounded bg-muted px-1">DATA_DIR</code> environment variable (default{" "}
          <code className="rounded bg-muted px-1">./data</code>). To move it: stop the app, move the folder, then start
          it with <code className="rounded bg-muted px-1">DATA_DIR=/new/path npm run app</code>.
        </>
      }
    >
      <Input
        id="workspace-data-directory"
        data-testid="workspace-data-directory"
        readOnly
        value={path}
        className="max-w-md font-mono text-xs"
      />
    </FieldRow>
  );
}
