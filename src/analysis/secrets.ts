/**
 * Secrets written into a flow: what FC405 hardcoded-secret reports, and what no output of flowc
 * may repeat (src/cli/redact.ts masks them in messages and code frames).
 *
 * - a non-empty literal given to a parameter, input, object property or variable whose name says
 *   it holds a secret (Password, Pwd, Secret, Token, ApiKey, AccessKey, ClientSecret, …);
 * - a connection string with a password (`Password=…;`, `Pwd=…`), an account key or a URL with
 *   credentials (`ftp://user:pass@host`), in any text literal;
 * - text that has the shape of a well-known credential: a bearer token, a JWT, a GitHub, AWS or
 *   Slack token, a private key block, a SAS signature;
 * - the literal values of variables and inputs listed in `@SENSITIVE` (`sensitive: true`: the
 *   flow's own secret handling, which FC405 leaves alone, but whose values are secrets all the same).
 */
import type { Expr, Flow, TextExpr } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { flowStatements, forEachExpr, forEachExprIn, statementActionsAt, statementExprsAt } from './walk.js';

/** A name (any case, any separators) that says its value is a secret. */
const SECRET_NAME = /(password|passwd|pwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey|subscriptionkey|sharedaccesskey|accountkey|encryptionkey|clientsecret)$/;
/** Names that end like a secret but are not one (paging and protocol tokens). */
const NOT_SECRET_NAME = /(page|skip|continuation|next|cancellation|sync|delta|csrf|xsrf)token$|tokentype$/;

export function isSecretName(name: string): boolean {
  let known = secretNames.get(name);
  if (known === undefined) {
    const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    known = n !== '' && SECRET_NAME.test(n) && !NOT_SECRET_NAME.test(n);
    // Flows use the same few hundred parameter and variable names over and over; a hostile one
    // with endless distinct names only restarts the memo.
    if (secretNames.size >= 4096) secretNames.clear();
    secretNames.set(name, known);
  }
  return known;
}

/** isSecretName's answers by name. */
const secretNames = new Map<string, boolean>();

export interface ContentPattern {
  what: string;
  re: RegExp;
}

/**
 * Credentials recognisable by their content; group 1 is the secret part. Every repetition is
 * bounded and every match starts only where the previous character could not have started it
 * (the look-behinds), so no text — say a 1 MB literal of `a.a.a.…` — makes them backtrack for
 * minutes.
 */
export const CONTENT_PATTERNS: readonly ContentPattern[] = [
  { what: 'a password in a connection string', re: /(?:^|;)[ \t]{0,16}(?:password|pwd)[ \t]{0,16}=[ \t]{0,16}("[^"]{0,1024}"|'[^']{0,1024}'|[^;]{0,1024})/i },
  { what: 'an account key in a connection string', re: /(?:^|;)[ \t]{0,16}(?:accountkey|sharedaccesskey)[ \t]{0,16}=[ \t]{0,16}([^;]{0,1024})/i },
  { what: 'a password in a URL', re: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,32}:\/\/[^/\s:@%]{1,256}:([^@/\s%]{1,256})@/i },
  { what: 'a bearer token', re: /\bBearer[ \t]+([A-Za-z0-9\-._~+/]{20,4096}=*)/ },
  { what: 'a JSON web token', re: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,4096}\.eyJ[A-Za-z0-9_-]{10,4096}\.[A-Za-z0-9_-]{10,4096})/ },
  { what: 'a GitHub token', re: /(?<![A-Za-z0-9_])((?:gh[pousr]_[A-Za-z0-9]{36,255})|(?:github_pat_[A-Za-z0-9_]{40,255}))/ },
  { what: 'an AWS access key', re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/ },
  { what: 'a Slack token', re: /(?<![A-Za-z0-9-])(xox[abprs]-[A-Za-z0-9-]{10,255})/ },
  { what: 'a private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----([\s\S]{0,64})/ },
  { what: 'a shared access signature', re: /[?&]sig=([A-Za-z0-9%+/=]{20,1024})/ },
];

/**
 * Words without which a text holds no secret flowc can find: every secret name contains `pass`,
 * `pwd`, `secret`, `token` or `key`, and every content pattern one of the others. Most texts
 * have none of them and are not searched further.
 */
export const SECRET_HINT = /pass|pwd|secret|token|key|bearer|eyJ|gh[pousr]_|github_pat_|AKIA|ASIA|xox[abprs]-|sig=|@SENSITIVE|:\/\//i;

/** At most the first two characters, never the length: `hu****`. */
export function maskSecret(secret: string): string {
  const s = secret.trim().replace(/^["']|["']$/g, '');
  return s.length > 6 ? `${s.slice(0, 2)}****` : '****';
}

/** The text of a literal with no interpolated expression, else undefined. */
function literalText(e: Expr): string | undefined {
  if (e.kind !== 'text') return undefined;
  if (e.style === 'fx' && e.value.trimStart().startsWith('=')) return undefined; // a Power Fx formula
  for (const p of e.parts) if (typeof p !== 'string') return undefined;
  return e.value;
}

/**
 * Whether `t` is one character repeated (`****`, `xxxx`): what `/^(.)\1*$/` says, in one loop —
 * the regular expression recurses per character and overflows the stack on a run of millions.
 */
export function oneCharacterRepeated(t: string): boolean {
  if (t.length === 0) return false;
  const c = t.charCodeAt(0);
  if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  for (let i = 1; i < t.length; i++) if (t.charCodeAt(i) !== c) return false;
  return true;
}

/** A literal worth reporting as a secret: not empty, not a mask or a placeholder made of one character. */
function looksLikeValue(s: string): boolean {
  const t = s.trim();
  return t.length > 0 && !oneCharacterRepeated(t);
}

/** A secret inside a text: the content patterns, looking only at the literal parts. */
function contentSecret(e: TextExpr): { what: string; secret: string } | undefined {
  if (e.style === 'fx' && e.value.trimStart().startsWith('=')) return undefined;
  for (const part of e.parts) {
    if (typeof part !== 'string' || part.length < 8 || !SECRET_HINT.test(part)) continue;
    for (const p of CONTENT_PATTERNS) {
      const m = p.re.exec(part);
      const secret = m?.[1]?.trim().replace(/^["']|["']$/g, '');
      if (secret && looksLikeValue(secret) && !/^%.*%$/.test(secret)) return { what: p.what, secret };
    }
  }
  return undefined;
}

export interface SecretFinding {
  /** The literal (expression) holding the secret. */
  span: Span;
  /** The secret itself (the literal's value, or the part of it a content pattern matched). */
  secret: string;
  /** FC405's message: says what it is, shows at most two characters. */
  message: string;
  /** A value of a variable or input listed in `@SENSITIVE` (not an FC405 finding). */
  sensitive: boolean;
}

/** Findings by flow: FC405 and the masking of outputs (document-secrets.ts) both ask. */
const findings = new WeakMap<Flow, readonly SecretFinding[]>();

/** Every secret literal of the flow, in the order FC405 reports them; one per literal. */
export function findSecrets(flow: Flow): readonly SecretFinding[] {
  let out = findings.get(flow);
  if (!out) findings.set(flow, (out = computeSecrets(flow)));
  return out;
}

function computeSecrets(flow: Flow): SecretFinding[] {
  const out: SecretFinding[] = [];
  const sensitive = new Set(flow.sensitive.map((s) => s.value.toLowerCase()));
  const seen = new Set<number>();
  const add = (e: Expr, secret: string, message: string, isSensitive = false): void => {
    if (seen.has(e.span.start)) return;
    seen.add(e.span.start);
    out.push({ span: e.span, secret, message, sensitive: isSensitive });
  };
  const byName = (what: string, name: string, value: Expr): void => {
    // The name first: it is rarely a secret's, and its answer is remembered.
    if (!isSecretName(name)) return;
    const text = literalText(value);
    if (text === undefined || !looksLikeValue(text)) return;
    add(value, text, `hardcoded secret in ${what} '${name}' ('${maskSecret(text)}')`);
  };
  const visitContent = (e: Expr): void => {
    if (e.kind === 'object') {
      for (const entry of e.entries) {
        const key = literalText(entry.key);
        if (key !== undefined) byName('property', key, entry.value);
      }
    }
    if (e.kind !== 'text') return;
    const found = contentSecret(e);
    if (found) add(e, found.secret, `hardcoded secret: ${found.what} ('${maskSecret(found.secret)}')`);
  };
  const byContent = (roots: readonly Expr[]): void => forEachExpr(roots, visitContent);
  const byContentOf = (root: Expr): void => forEachExprIn(root, visitContent);
  /** A literal value (text, or any literal's text) of a sensitive variable: a secret, though not FC405's. */
  const sensitiveValue = (name: string, value: Expr): void => {
    forEachExpr([value], (e) => {
      const text = literalText(e);
      if (text !== undefined && looksLikeValue(text)) add(e, text, `value of sensitive variable '${name}'`, true);
    });
  };

  // Flow inputs: a default value for a secret input that is not marked sensitive.
  for (const decl of flow.inputs) {
    if (!decl.properties) continue;
    if (sensitive.has(decl.name.value.toLowerCase())) {
      for (const entry of decl.properties.entries) {
        if (literalText(entry.key)?.toLowerCase() === 'defaultvalue') sensitiveValue(decl.name.value, entry.value);
      }
      continue;
    }
    for (const entry of decl.properties.entries) {
      if (literalText(entry.key)?.toLowerCase() === 'defaultvalue') byName('input', decl.name.value, entry.value);
    }
    byContent([decl.properties]);
  }
  for (const a of flow.hostAnnotations) if (a.value) byContent([a.value]);

  // Disabled statements too: the secret is in the flow's text all the same.
  const index = flowStatements(flow);
  const { statements } = index;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    for (const a of s.annotations) if (a.value) byContentOf(a.value);
    if (s.kind === 'set') {
      const t = s.target;
      const root = t.kind === 'name' ? t.parts[0] : t.kind === 'index' && t.target.kind === 'name' ? t.target.parts[0] : undefined;
      if (root === undefined || !sensitive.has(root.toLowerCase())) {
        if (t.kind === 'name') byName('variable', t.parts[t.parts.length - 1]!, s.value);
        else if (t.kind === 'index') {
          const key = literalText(t.index);
          if (key !== undefined) byName('property', key, s.value);
        } else if (t.kind === 'member') byName('property', t.name.value, s.value);
        byContentOf(s.value);
      } else {
        sensitiveValue(root, s.value);
      }
      continue;
    }
    // Actions inside the statement's expressions first, then its own (statementActions lists
    // its own first): the order findings have always had.
    const actions = statementActionsAt(index, i);
    const own = (s.kind === 'action' ? 1 : 0) + (s.kind === 'wait' && s.condition ? 1 : 0);
    for (let k = own; k < actions.length; k++) checkAction(actions[k]!);
    for (let k = 0; k < own; k++) checkAction(actions[k]!);
    byContent(statementExprsAt(index, i));
  }

  function checkAction(a: { params: { name: { value: string }; value: Expr }[]; atInputs: { name: { value: string }; value: Expr }[] }): void {
    for (const p of a.params) byName('parameter', p.name.value, p.value);
    for (const p of a.atInputs) byName('input', p.name.value.split('/').pop() ?? p.name.value, p.value);
  }
  return out;
}

/** The content patterns, global, for masking every match in a text. */
const GLOBAL_PATTERNS: readonly RegExp[] = CONTENT_PATTERNS.map((p) => new RegExp(p.re.source, `${p.re.flags.replace('g', '')}g`));

/**
 * A text from a flow (a description, a display name, a name) with every credential-shaped part
 * masked (`hu****`), and every value of `known` (the flow's own secrets, `@SENSITIVE` values).
 * The one masking every output uses for text fields; code frames mask ranges instead
 * (cli/redact.ts) so that columns stay right.
 */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const v of known) if (v.length >= 4 && out.includes(v)) out = out.split(v).join(maskSecret(v));
  if (!SECRET_HINT.test(out)) return out;
  for (const re of GLOBAL_PATTERNS) {
    out = out.replace(re, (whole: string, secret: string | undefined) => {
      if (!secret || oneCharacterRepeated(secret.trim()) || secret.includes('****')) return whole;
      const at = whole.lastIndexOf(secret);
      return `${whole.slice(0, at)}${maskSecret(secret)}${whole.slice(at + secret.length)}`;
    });
  }
  return out;
}

/**
 * `value` with every string in it passed through redactText (objects and arrays copied; keys
 * kept). For output documents built from a flow's facts (the report, the access report).
 */
export function redactDeep<T>(value: T, known: readonly string[] = []): T {
  if (typeof value === 'string') return redactText(value, known) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, known);
    return out as T;
  }
  return value;
}
