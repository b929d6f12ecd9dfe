import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { exportUrl } from "@/components/log-viewer/viewer-filters";
import { EXPORT_FORMATS } from "@/lib/logs/filters";
import type { LogFilters } from "@/lib/logs/filters";

/** Links to the export route with the current filters; the browser downloads the stream. */
export function ExportButtons({ filters }: { filters: LogFilters }) {
  return (
    <fieldset className="flex items-center gap-1" aria-label="Export">
      <Download className="size-4 text-muted-foreground" aria-hidden />
      {EXPORT_FORMATS.map((format) => (
        <Button key={format} asChild variant="outline" size="sm">
          <a href={exportUrl(format, filters)} download data-testid={`log-export-${format}`}>
            {format.toUpperCase()}
          </a>
        </Button>
      ))}
    </fieldset>
  );
}
