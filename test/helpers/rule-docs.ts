/**
 * Reads a rule documentation page (docs/rules/<CODE>.md) for the doc-example tests
 * (test/docs.test.ts): its title, its `flow valid|invalid` examples and their support files.
 * Test code: nothing in flowc reads the pages (it lived in src/rules/ with no product caller).
 */
export interface RuleDocExample {
  kind: 'valid' | 'invalid';
  file?: string;
  text: string;
  /** A ```` ```symlink valid|invalid <file> ```` block: `file` is a symbolic link to the path in `text`. */
  symlink?: boolean;
  /** `encoding=latin1` in the info string: the example's bytes are written in that encoding (default UTF-8). */
  encoding?: BufferEncoding;
}

/** A sentence of Power Automate's documentation a rule enforces, and where it is. */
export interface RuleDocQuote {
  quote: string;
  title: string;
  url: string;
}

/**
 * The page's `## Documentation` section: blockquotes of the documentation, each ending with a
 * `> — [Title](https://learn.microsoft.com/…)` line; or `None: <why>` for a rule that enforces no
 * documented sentence (syntax, data flow, flowc's own checks).
 */
export type RuleDocSource = { quotes: RuleDocQuote[] } | { none: string };

export interface RuleDoc {
  title: string;
  /** Undefined when the page has no `## Documentation` section. */
  documentation?: RuleDocSource;
  markdown: string;
  examples: RuleDocExample[];
  /** Support files for the examples (config, child flows, policy files). */
  support: { file: string; text: string }[];
}

const FENCE = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

export function parseRuleDoc(markdown: string): RuleDoc {
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? '';
  const examples: RuleDocExample[] = [];
  const support: RuleDoc['support'] = [];
  for (const m of markdown.matchAll(FENCE)) {
    const info = m[1]!.trim().split(/\s+/);
    const text = m[2]!;
    if (info[0] === 'flow' && (info[1] === 'valid' || info[1] === 'invalid')) {
      const encoding = info.find((t) => t.startsWith('encoding='))?.slice('encoding='.length);
      const file = info.slice(2).find((t) => !t.startsWith('encoding='));
      examples.push({ kind: info[1], file, text, ...(encoding && Buffer.isEncoding(encoding) ? { encoding } : {}) });
    } else if (info[0] === 'symlink' && (info[1] === 'valid' || info[1] === 'invalid') && info[2]) {
      examples.push({ kind: info[1], file: info[2], text: text.trim(), symlink: true });
    } else if (info.length >= 2 && /\.[A-Za-z]+$/.test(info[info.length - 1]!)) {
      support.push({ file: info[info.length - 1]!, text });
    }
  }
  const documentation = parseDocumentation(markdown);
  return { title, markdown, examples, support, ...(documentation ? { documentation } : {}) };
}

const SOURCE_LINE = /^—\s*\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)\s*$/;

function parseDocumentation(markdown: string): RuleDocSource | undefined {
  const m = /^## Documentation[ \t]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown);
  if (!m) return undefined;
  const body = m[1]!.trim();
  if (/^None:/.test(body)) return { none: body.slice('None:'.length).trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ') };
  const quotes: RuleDocQuote[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    const source = lines.length ? SOURCE_LINE.exec(lines[lines.length - 1]!) : null;
    if (source) {
      const quote = lines.slice(0, -1).join(' ').replace(/\s+/g, ' ').trim();
      if (quote) quotes.push({ quote, title: source[1]!, url: source[2]! });
    }
    lines = [];
  };
  for (const line of body.split('\n')) {
    if (line.startsWith('>')) {
      const t = line.replace(/^>\s?/, '');
      if (t.trim() !== '') lines.push(t);
    } else flush();
  }
  flush();
  return { quotes };
}
