"use client";

import "katex/dist/katex.min.css";
import "highlight.js/styles/github-dark.css";
import { Check, Copy } from "lucide-react";
import { memo, useMemo, useRef, useState } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { CitationChip, citationNumber } from "@/components/chat/citation-chip";
import { splitMarkdownBlocks } from "@/components/chat/markdown-blocks";

function CodeBlock(props: React.ComponentProps<"pre">) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(ref.current?.textContent ?? "");
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="group relative my-2">
      <pre
        ref={ref}
        {...props}
        className="overflow-x-auto rounded-md bg-zinc-900 p-3 pr-11 text-sm text-zinc-100 [&_code]:bg-transparent! [&_code]:p-0!"
      />
      <button
        type="button"
        onClick={() => void copy()}
        data-testid="code-copy"
        aria-label={copied ? "Copied" : "Copy code"}
        className="absolute top-2 right-2 rounded bg-zinc-700/80 p-1 text-zinc-100 opacity-70 hover:opacity-100 focus-visible:opacity-100"
      >
        {copied ? <Check className="size-4" /> : <Copy className="size-4" />}
      </button>
    </div>
  );
}

const components: Components = {
  pre: ({ node: _node, ...props }) => <CodeBlock {...props} />,
  table: ({ node: _node, ...props }) => (
    <div className="my-2 overflow-x-auto">
      <table
        {...props}
        className="w-full border-collapse text-sm [&_td]:border [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:bg-muted [&_th]:px-2 [&_th]:py-1"
      />
    </div>
  ),
  a: ({ node: _node, ...props }) => {
    // "[n](#cite-n)" comes from linkCitations: a citation chip, not an external link.
    const cited = citationNumber(props.href);
    if (cited !== null) return <CitationChip n={cited} />;
    return (
      <a {...props} target="_blank" rel="noreferrer noopener" className="text-primary underline underline-offset-4" />
    );
  },
};

const remarkPlugins = [remarkGfm, remarkMath];
// react-markdown builds a new processor on every render, and rehype-highlight's set-up registers
// its 37 grammars in a fresh highlighter each time (~6 ms, and their compiled regexes are lost):
// on every streamed token. Set up once; the plugin hands out the same transform.
const highlight = rehypeHighlight({ detect: true });
const rehypePlugins: NonNullable<React.ComponentProps<typeof ReactMarkdown>["rehypePlugins"]> = [
  rehypeKatex,
  () => highlight,
];

/** One top-level block; memoised, so a finished block is parsed once, not again with every token. */
const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * GFM, highlighted code with a copy button and KaTeX math. Rendered block by block
 * (markdown-blocks.ts): while an answer streams only its last block re-renders, so the work per
 * token stays flat instead of growing with the answer.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className="prose-chat space-y-2 break-words [&_.katex-display]:overflow-x-auto [&_.katex-display]:overflow-y-hidden [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6">
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a block only ever grows at the end of the answer, so earlier ones keep their index
        <MarkdownBlock key={i} text={block} />
      ))}
    </div>
  );
});
