/**
 * Rule documentation pages (docs/rules/<CODE>.md): one source for the website-style docs,
 * `flowc explain`, SARIF help, and the doc-example tests.
 */
export interface RuleDocExample {
  kind: 'valid' | 'invalid';
  file?: string;
  text: string;
  /** `encoding=latin1` in the info string: the example's bytes are written in that encoding (default UTF-8). */
  encoding?: BufferEncoding;
}

export interface RuleDoc {
  title: string;
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
    } else if (info.length >= 2 && /\.[A-Za-z]+$/.test(info[info.length - 1]!)) {
      support.push({ file: info[info.length - 1]!, text });
    }
  }
  return { title, markdown, examples, support };
}
