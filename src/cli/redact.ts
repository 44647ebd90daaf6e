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
import { documentSecrets, type DocumentSecrets, type Range } from '../analysis/document-secrets.js';
import { maskSecret } from '../analysis/secrets.js';
import type { LocatedDiagnostic } from '../diagnostics/located.js';
import { LineIndex } from '../util/line-index.js';
import type { SourceDocument } from '../model/source.js';
import { parseFlow } from '../syntax/parse.js';

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

/** Where each value (4 characters or more) occurs in `text`. */
function occurrences(text: string, values: readonly string[]): Range[] {
  const out: Range[] = [];
  for (const v of values) {
    if (v.length < 4) continue;
    for (let at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + v.length)) out.push({ start: at, end: at + v.length });
  }
  return out;
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

/** Texts up to this size are parsed again when the per-file phase gave no secrets (bigger ones: the raw patterns alone). */
const REPARSE_LIMIT = 256 * 1024;

/** A document's secrets when no per-file result carries them (parsed again, if small enough). */
function secretsWithoutAnalysis(text: string): DocumentSecrets {
  let flow;
  try {
    flow = text.length <= REPARSE_LIMIT ? parseFlow(text).flow : undefined;
  } catch {
    flow = undefined; // never fail an output because of this: the raw patterns still apply
  }
  return documentSecrets(text, flow);
}

/**
 * The diagnostics with secrets masked: messages, help, related messages, and the source lines
 * (`lines`) that code frames and SARIF fingerprints read. `known` gives documents' secrets as
 * the per-file phase found them (FileAnalysis.secrets); others are looked for here.
 */
export function redactLocated(located: readonly LocatedDiagnostic[], known: ReadonlyMap<SourceDocument, DocumentSecrets | undefined> = new Map()): LocatedDiagnostic[] {
  const perDoc = new Map<SourceDocument, { secrets: DocumentSecrets; lines?: LineIndex }>();
  const secretsOf = (doc: SourceDocument): { secrets: DocumentSecrets; lines?: LineIndex } => {
    let s = perDoc.get(doc);
    if (!s) {
      const secrets = known.get(doc) ?? secretsWithoutAnalysis(doc.text);
      // Every place the text repeats a secret value, not only where it was found: a `@SENSITIVE`
      // value quoted again on another line is masked in the code frame as in the message.
      const ranges = [...secrets.ranges, ...occurrences(doc.text, secrets.values)];
      s = { secrets, ...(ranges.length ? { lines: new LineIndex(maskText(doc.text, ranges)) } : {}) };
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
