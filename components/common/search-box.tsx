"use client";

import { Search } from "lucide-react";
import type { RefObject } from "react";
import { Input } from "@/components/ui/input";
import { useSearchText } from "@/hooks/use-search-text";

/**
 * The search field of a filter bar: typing commits the query after a pause, Enter at once.
 * With `clearOnEscape`, Esc empties a non-empty field instead of reaching the page's own Esc.
 */
export function SearchBox({
  query,
  onQuery,
  placeholder,
  label,
  testId,
  inputRef,
  clearOnEscape = false,
}: {
  query: string;
  onQuery: (q: string) => void;
  placeholder: string;
  label: string;
  testId: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  clearOnEscape?: boolean;
}) {
  const [text, setText] = useSearchText(query, onQuery);
  return (
    <search className="min-w-48 flex-1">
      <form
        className="relative"
        onSubmit={(e) => {
          e.preventDefault();
          onQuery(text);
        }}
      >
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden
        />
        <Input
          ref={inputRef}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (clearOnEscape && e.key === "Escape" && text) {
              e.stopPropagation();
              setText("");
            }
          }}
          placeholder={placeholder}
          aria-label={label}
          maxLength={200}
          className="pl-8"
          data-testid={testId}
        />
      </form>
    </search>
  );
}
