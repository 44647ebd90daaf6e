/**
 * Secrets never leave flowc in its output: before diagnostics are rendered (pretty code frames,
 * json, sarif, github), every secret of their document — FC405's findings, the literal values of
 * `@SENSITIVE` variables and inputs (src/analysis/secrets.ts), and anything in the raw text shaped
 * like a credential (a connection-string password, a token…, even in a comment or a line that
 * does not parse) — is masked: `*` in the source lines that code frames show (same length, so
 * columns stay right), and `hu****` (maskSecret) wherever a message or help text quotes it.
 *
 * The build's `definition` (and `flowc import`'s `.flow` files, which are the source itself) keep
 * them: PAD needs them to run the flow.
 */
import { CONTENT_PATTERNS, findSecrets, isSecretName, maskSecret } from '../analysis/secrets.js';
import type { LocatedDiagnostic } from '../diagnostics/located.js';
import { LineIndex } from '../diagnostics/location.js';
import type { SourceDocument } from '../inputs/source.js';
import type { Flow } from '../ir/flow.js';
import { parseFlow } from '../syntax/parse.js';

/**
 * Words without which a text holds no secret flowc can find (every secret name contains `pass`,
 * `pwd`, `secret`, `token` or `key`; every pattern one of the others): most texts have none of
 * them, and are not searched further.
 */
const HINT = /pass|pwd|secret|token|key|bearer|eyJ|gh[pousr]_|github_pat_|AKIA|ASIA|xox[abprs]-|sig=|@SENSITIVE|:\/\//i;

/**
 * Credential shapes looked for in the raw text, wherever they are (group 1 is the secret). The
 * connection-string ones may also start after a quote or a space, as in `SET C TO 'Pwd=…'`.
 */
const RAW_PATTERNS: readonly RegExp[] = [
  /(?:^|[;'"\s])[ \t]{0,16}(?:password|pwd)[ \t]{0,16}=[ \t]{0,16}("[^"\r\n]{0,1024}"|[^;'"\r\n]{0,1024})/dgim,
  /(?:^|[;'"\s])[ \t]{0,16}(?:accountkey|sharedaccesskey)[ \t]{0,16}=[ \t]{0,16}([^;'"\r\n]{0,1024})/dgim,
  ...CONTENT_PATTERNS.slice(2).map((p) => new RegExp(p.re.source, `${p.re.flags}dg`)),
];

/** A name, then optionally `TO`, `:` or `=`, then a one-line text literal. */
const NAMED_LITERAL = /(?<![\w/.-])([A-Za-z_][\w/.-]{0,127})['"]?\]?[ \t]{0,16}(?:\bTO\b|:|=)?[ \t]{0,16}(\$'''[^\r\n]{0,1024}?'''|'(?:[^'\\\r\n]|\\.){0,1024}')/dg;
/** `@SENSITIVE: [A, B]`: the flow's own secret variables. */
const SENSITIVE_LIST = /@SENSITIVE[ \t]{0,16}:[ \t]{0,16}\[([^\]\r\n]{0,1024})\]/g;
/** An `@INPUT name : { … 'DefaultValue': '…' … }` line: the default of an input. */
const INPUT_DEFAULT = /^[ \t]{0,16}@INPUT[ \t]+([A-Za-z_]\w{0,127})[^\r\n]{0,4096}?'DefaultValue'[ \t]{0,16}:[ \t]{0,16}(\$'''[^\r\n]{0,1024}?'''|'(?:[^'\\\r\n]|\\.){0,1024}')/dgm;
/** Texts up to this size are parsed again to find secrets by the IR when the caller has no IR (bigger ones: the patterns alone). */
const REPARSE_LIMIT = 256 * 1024;

interface Range {
  start: number;
  end: number;
}

export interface DocumentSecrets {
  /** Ranges of the text to mask. */
  ranges: Range[];
  /** The secrets themselves, to mask where messages quote them. */
  values: string[];
}

/** The literal's content without its delimiters (`'…'`, `$'''…'''`, `$fx'…'`, `'''…'''`). */
function literalInterior(text: string, span: Range): Range {
  const source = text.slice(span.start, span.end);
  const open = /^(?:\$'''|'''|\$fx'|')/.exec(source)?.[0].length ?? 0;
  const close = /(?:'''|')$/.exec(source.slice(open))?.[0].length ?? 0;
  return { start: span.start + open, end: Math.max(span.start + open, span.end - close) };
}

/** Every secret of one document. `flow` is its IR when the caller still has it (else it is parsed again, only if the text hints at a secret). */
export function documentSecrets(doc: SourceDocument, flow?: Flow): DocumentSecrets {
  const text = doc.text;
  const ranges: Range[] = [];
  const values = new Set<string>();
  if (!HINT.test(text)) return { ranges, values: [] };
  for (const re of RAW_PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const at = m.indices?.[1];
      const value = m[1]?.trim().replace(/^["']|["']$/g, '');
      if (!at || !value || /^%.*%$/.test(value)) continue;
      ranges.push({ start: at[0], end: at[1] });
      values.add(value);
    }
  }
  // A literal right after a secret name on one line (`SET Password 'x'`, `Pwd: 'x'`): found even
  // where the line does not parse and the IR has nothing.
  const sensitive = new Set<string>();
  for (const m of text.matchAll(SENSITIVE_LIST)) for (const name of m[1]!.split(',')) sensitive.add(name.trim().toLowerCase());
  const secretName = (name: string): boolean => isSecretName(name) || sensitive.has(name.toLowerCase());
  for (const re of [NAMED_LITERAL, INPUT_DEFAULT]) {
    for (const m of text.matchAll(re)) {
      const at = m.indices?.[2];
      if (!at || !secretName(m[1]!)) continue;
      const inner = literalInterior(text, { start: at[0], end: at[1] });
      const value = text.slice(inner.start, inner.end);
      if (value.trim() === '' || /^(.)\1*$/.test(value.trim()) || /^%[^%]*%$/.test(value.trim())) continue;
      ranges.push(inner);
      values.add(value);
    }
  }
  if (flow || text.length <= REPARSE_LIMIT) {
    let ir = flow;
    try {
      ir ??= parseFlow(text).flow;
    } catch {
      ir = undefined; // never fail an output because of this: the raw patterns still apply
    }
    for (const f of ir ? findSecrets(ir) : []) {
      if (f.span.start < 0 || f.span.end > text.length) continue;
      values.add(f.secret);
      const inner = literalInterior(text, f.span);
      const source = text.slice(inner.start, inner.end);
      let found = false;
      for (let i = source.indexOf(f.secret); f.secret !== '' && i >= 0; i = source.indexOf(f.secret, i + f.secret.length)) {
        ranges.push({ start: inner.start + i, end: inner.start + i + f.secret.length });
        found = true;
      }
      // Escapes make the source differ from the value: mask the whole literal then.
      if (!found) ranges.push(inner);
    }
  }
  return { ranges, values: [...values].filter((v) => v.trim().length >= 4).sort((a, b) => b.length - a.length || (a < b ? -1 : 1)) };
}

/** `text` with every range's characters replaced by `*` (line breaks kept, so lines and columns do not move). */
export function maskText(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  const chars = text.split('');
  for (const r of ranges) {
    for (let i = Math.max(0, r.start); i < Math.min(r.end, chars.length); i++) {
      if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = '*';
    }
  }
  return chars.join('');
}

/** A message with every secret masked, also where it is cut short with `…` (syntax errors quote at most 27 characters of a token). */
export function redactMessage(message: string, values: readonly string[]): string {
  let out = message;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(maskSecret(v));
  if (out.includes('…')) {
    out = out.replace(/([^…]*)…/g, (whole, before: string) => {
      for (const v of values) {
        for (let k = Math.min(v.length - 1, before.length); k >= 4; k--) {
          if (before.endsWith(v.slice(0, k))) return `${before.slice(0, before.length - k)}${maskSecret(v)}…`;
        }
      }
      return whole;
    });
  }
  return out;
}

/**
 * The diagnostics with secrets masked: messages, help, related messages, and the source lines
 * (`lines`) that code frames and SARIF fingerprints read. `flows` gives documents' IR where known.
 */
export function redactLocated(located: readonly LocatedDiagnostic[], flows: ReadonlyMap<SourceDocument, Flow | undefined> = new Map()): LocatedDiagnostic[] {
  const perDoc = new Map<SourceDocument, { secrets: DocumentSecrets; lines?: LineIndex }>();
  const secretsOf = (doc: SourceDocument): { secrets: DocumentSecrets; lines?: LineIndex } => {
    let s = perDoc.get(doc);
    if (!s) {
      const secrets = documentSecrets(doc, flows.get(doc));
      s = { secrets, ...(secrets.ranges.length ? { lines: new LineIndex(maskText(doc.text, secrets.ranges)) } : {}) };
      perDoc.set(doc, s);
    }
    return s;
  };
  return located.map((d) => {
    const { secrets, lines } = secretsOf(d.doc);
    if (secrets.values.length === 0 && !lines) return d;
    return {
      ...d,
      message: redactMessage(d.message, secrets.values),
      ...(d.help !== undefined ? { help: redactMessage(d.help, secrets.values) } : {}),
      related: d.related.map((r) => ({ ...r, message: redactMessage(r.message, secrets.values) })),
      ...(lines ? { lines } : {}),
    };
  });
}
