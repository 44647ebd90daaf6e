/**
 * Where one document's secrets are, for masking them in every output (src/cli/redact.ts): part
 * of the per-file phase, so that the secrets travel with a file's result from a worker thread
 * or the cache, and rendering never parses a flow again.
 */
import type { Flow } from '../ir/flow.js';
import { CONTENT_PATTERNS, SECRET_HINT, findSecrets, isSecretName, oneCharacterRepeated } from './secrets.js';

const HINTS = new RegExp(SECRET_HINT.source, 'gi');
/** How far past its line a match may reach (a private key's first characters). */
const REACH = 65;

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
export interface Range {
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

/**
 * Every secret of one document's text: the credential shapes and secret-named literals the raw
 * text shows (even where a line does not parse), and what the IR says is secret
 * (`findSecrets`: FC405's findings, `@SENSITIVE` values), when there is an IR.
 */
export function documentSecrets(text: string, flow: Flow | undefined): DocumentSecrets {
  const ranges: Range[] = [];
  const values = new Set<string>();
  // Every match starts on a line with a hint word (SECRET_HINT): only those lines are searched.
  const windows = hintWindows(text);
  if (windows.length === 0) return { ranges, values: [] };
  /** Each match of `re` (global) in the windows (in the whole text with `all`), and where its `group` is in the text. */
  const whole: readonly Range[] = [{ start: 0, end: text.length }];
  const forEachMatch = (re: RegExp, group: number, all: boolean, visit: (start: number, end: number, m: RegExpExecArray) => void): void => {
    for (const w of all ? whole : windows) {
      const slice = w.start === 0 && w.end === text.length ? text : text.slice(w.start, w.end);
      re.lastIndex = 0;
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        // As matchAll would: past an empty match (none of these patterns matches empty text).
        if (m[0] === '') re.lastIndex++;
        const at = m.indices?.[group];
        if (at) visit(w.start + at[0], w.start + at[1], m);
        else visit(w.start + m.index, w.start + m.index + m[0].length, m);
      }
    }
  };
  for (const re of RAW_PATTERNS) {
    forEachMatch(re, 1, false, (start, end, m) => {
      const value = m[1]?.trim().replace(/^["']|["']$/g, '');
      if (!value || /^%.*%$/.test(value)) return;
      ranges.push({ start, end });
      values.add(value);
    });
  }
  // A literal right after a secret name on one line (`SET Password 'x'`, `Pwd: 'x'`): found even
  // where the line does not parse and the IR has nothing. Names listed in @SENSITIVE need not
  // look secret, so with such a list every line is searched.
  const sensitive = new Set<string>();
  forEachMatch(SENSITIVE_LIST, 0, false, (_start, _end, m) => {
    for (const name of m[1]!.split(',')) sensitive.add(name.trim().toLowerCase());
  });
  const secretName = (name: string): boolean => isSecretName(name) || sensitive.has(name.toLowerCase());
  for (const re of [NAMED_LITERAL, INPUT_DEFAULT]) {
    forEachMatch(re, 2, sensitive.size > 0, (start, end, m) => {
      if (!secretName(m[1]!)) return;
      const inner = literalInterior(text, { start, end });
      const value = text.slice(inner.start, inner.end);
      if (value.trim() === '' || oneCharacterRepeated(value.trim()) || /^%[^%]*%$/.test(value.trim())) return;
      ranges.push(inner);
      values.add(value);
    });
  }
  if (flow) {
    for (const f of findSecrets(flow)) {
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

/** The lines holding a hint word (and REACH characters past each), merged where they touch. */
function hintWindows(text: string): Range[] {
  const out: Range[] = [];
  HINTS.lastIndex = 0;
  for (let m = HINTS.exec(text); m; m = HINTS.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const nl = text.indexOf('\n', m.index);
    const lineEnd = nl < 0 ? text.length : nl;
    const end = Math.min(text.length, lineEnd + REACH);
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
    HINTS.lastIndex = Math.max(HINTS.lastIndex, lineEnd);
  }
  return out;
}
