import { memo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { safeHref } from './reply-links';
import { useHighlighter } from './use-highlighter';
import { useThrottled } from './use-throttled';
import './chat.css';

/** A fenced block's language, from the class remark gives its code (`language-tsx`). */
const fenceLanguage = (className: unknown) => (Array.isArray(className) ? className : []).map((c) => /^language-([\w+-]+)$/.exec(String(c))?.[1]).find(Boolean);

/** The text under a node of the Markdown's tree (a code block holds only text; highlighting happens here). */
interface TreeNode {
  type: string;
  value?: string;
  children?: TreeNode[];
}
const textOf = (node: TreeNode): string => node.value ?? (node.children ?? []).map(textOf).join('');

function CodeBlock({ code, language }: { code: string; language?: string }) {
  const highlight = useHighlighter();
  const runs = highlight ? highlight(code, language) : [{ text: code, className: '' }];
  return (
    <pre className="reply-code" data-language={language}>
      <code>
        {runs.map((run, i) =>
          run.className ? (
            <span key={i} className={run.className}>
              {run.text}
            </span>
          ) : (
            run.text
          ),
        )}
      </code>
    </pre>
  );
}

const COMPONENTS: Components = {
  // A block: <pre> around <code>; its code is highlighted here, inline `code` stays as remark made it.
  pre: ({ node, children }) => {
    const code = node?.children.find((c) => c.type === 'element' && c.tagName === 'code');
    if (code?.type !== 'element') return <pre className="reply-code">{children}</pre>;
    return <CodeBlock code={textOf(code).replace(/\n$/, '')} language={fenceLanguage(code.properties.className)} />;
  },
  // Links open outside the app, never with its window as opener; one the URL rules refuse is its text only.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span className="reply-link-refused">{children}</span>
    ),
  // A picture in the reply is not fetched (it would tell a third party the reply was read): its alt text stands in.
  img: ({ alt }) => <span className="reply-image">[image{alt ? `: ${alt}` : ''}]</span>,
  table: ({ children }) => (
    <div className="reply-table">
      <table>{children}</table>
    </div>
  ),
};

// react-markdown shows raw HTML of the Markdown as text (it renders no HTML without rehype-raw); links pass
// safeHref, and image sources are dropped before they reach any element.
const urlTransform = (url: string, key: string) => (key === 'src' ? '' : safeHref(url));

const Rendered = memo(function Rendered({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS} urlTransform={urlTransform}>
      {text}
    </Markdown>
  );
});

/** The model's reply as Markdown, re-rendered at most ~10 times a second while it streams. */
export function ReplyMarkdown({ text, live }: { text: string; live: boolean }) {
  const shown = useThrottled(text, live);
  return (
    <div className="reply-text markdown" data-streaming={live || undefined}>
      <Rendered text={shown} />
    </div>
  );
}
