"use client";

import Link from "next/link";
import { createContext, useContext } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { type ChatSource, describeLocation, sourceHref } from "@/lib/knowledge/citations";

/**
 * The passages of the answer being rendered. A context rather than a prop, so the memoised
 * Markdown blocks do not re-render when the sources arrive: only the chips read them.
 */
const CitationSources = createContext<readonly ChatSource[]>([]);

export function CitationProvider({ sources, children }: { sources: readonly ChatSource[]; children: React.ReactNode }) {
  return <CitationSources.Provider value={sources}>{children}</CitationSources.Provider>;
}

/** [n] in an answer: a chip that opens the source passage on the Knowledge page, with a preview on hover. */
export function CitationChip({ n }: { n: number }) {
  const source = useContext(CitationSources).find((s) => s.n === n);
  if (!source) return <span>[{n}]</span>;
  const where = describeLocation(source);
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Link
          href={sourceHref(source)}
          data-testid="citation-chip"
          data-citation={n}
          aria-label={`Source ${n}: ${source.documentTitle}${where ? `, ${where}` : ""}`}
          className="mx-0.5 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-primary/15 px-1.5 align-text-top text-[0.7rem] font-semibold text-primary no-underline hover:bg-primary/25 focus-visible:ring-2 focus-visible:ring-ring"
        >
          {n}
        </Link>
      </TooltipTrigger>
      <TooltipContent className="max-w-sm text-left">
        <p className="font-medium">{source.documentTitle}</p>
        {where && <p className="opacity-80">{where}</p>}
        <p className="mt-1 line-clamp-4 opacity-90">{source.excerpt}</p>
      </TooltipContent>
    </Tooltip>
  );
}

/** The chip number of a Markdown link made by linkCitations ("#cite-3" -> 3), else null. */
export function citationNumber(href: string | undefined): number | null {
  const match = href?.match(/^#cite-(\d+)$/);
  return match ? Number(match[1]) : null;
}
