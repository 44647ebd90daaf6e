/**
 * JSON files flowc reads or writes, checked against the JSON Schemas in `schemas/`.
 *
 * - `getValidator(name)` compiles `schemas/<name>.schema.json` with ajv (strict mode) once, lazily.
 * - `describeErrors` turns ajv's errors into readable issues with a JSON path
 *   (`$.environments.prod.dlpPolicies[0]`) and, for a misspelt key or enum value, the closest
 *   valid name.
 * - `parseJsonText` parses JSON and, when it is not JSON, says where (line and column) and why.
 * - `readJsonFile` does all three for one file and throws a `JsonFileError`.
 *
 * Schemas are read from `new URL('../../schemas/…', import.meta.url)`: `src/inputs/` under tsx and
 * `dist/inputs/` after tsc are both two levels below the repository (or package) root.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { distance } from 'fastest-levenshtein';
import type { AccessReport } from '../generated/access.js';
import type { CheckOutput } from '../generated/check-output.js';
import type { ConnectionsInventory } from '../generated/connections.js';
import type { ConnectorList } from '../generated/connector-list.js';
import type { DeploymentSettings } from '../generated/deployment-settings.js';
import type { DesktopFlowV2Document } from '../generated/desktop-flow-v2.js';
import type { FlowcConfig } from '../generated/flowc.config.js';
import type { GovernanceReport } from '../generated/report.js';

/** The schemas flowc ships, by file stem (`schemas/<name>.schema.json`), with their generated types. */
export interface SchemaTypes {
  access: AccessReport;
  'check-output': CheckOutput;
  connections: ConnectionsInventory;
  'connector-list': ConnectorList;
  'deployment-settings': DeploymentSettings;
  'desktop-flow-v2': DesktopFlowV2Document;
  'flowc.config': FlowcConfig;
  report: GovernanceReport;
}

/** A schema name: one of `SchemaTypes`' keys, or any other `schemas/<name>.schema.json` (e.g. `connector-catalog`). */
export type SchemaName = keyof SchemaTypes | (string & {});
export type SchemaType<N extends SchemaName> = N extends keyof SchemaTypes ? SchemaTypes[N] : unknown;

// ---------------------------------------------------------------------------------------------
// Registry

let ajvInstance: Ajv | undefined;
/**
 * ajv is loaded on first validation, not when this module is: a `flowc check` of plain `.flow`
 * files with no config validates nothing, and loading ajv would be a sixth of its start-up.
 * (A require of our own, which the esbuild bundle leaves to Node at run time.)
 */
const requireAtRunTime = createRequire(import.meta.url);
const schemas = new Map<string, Record<string, unknown>>();
const validators = new Map<string, ValidateFunction>();

function ajv(): Ajv {
  ajvInstance ??= new (requireAtRunTime('ajv') as typeof import('ajv')).Ajv({
    strict: true,
    // `type: ["string", "null"]` is used for nullable fields; strict mode otherwise refuses it.
    allowUnionTypes: true,
    allErrors: true,
    // parentSchema/data on errors: needed to suggest the closest valid property name.
    verbose: true,
  });
  return ajvInstance;
}

/** Where `schemas/<name>.schema.json` is, relative to this module. */
export function schemaUrl(name: SchemaName): URL {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

/** The parsed schema (read once). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  let schema = schemas.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as Record<string, unknown>;
    schemas.set(name, schema);
  }
  return schema;
}

/** The compiled validator for `schemas/<name>.schema.json`, compiled on first use and reused. */
export function getValidator<N extends SchemaName>(name: N): ValidateFunction<SchemaType<N>> {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv().compile(loadSchema(name));
    validators.set(name, validate);
  }
  return validate as ValidateFunction<SchemaType<N>>;
}

// ---------------------------------------------------------------------------------------------
// Closest names

/** Levenshtein distance, counting a swap of two adjacent characters as one edit. */
function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d === 2 && a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    const [i, j] = diff;
    if (diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i]) return 1;
  }
  return d;
}

/**
 * The candidate closest to `name`, if it is close enough to be a likely misspelling: same letters
 * in another case, a prefix of at least 3 characters (`warn` → `warning`), or at most about a
 * third of the characters changed (adjacent swaps count once). Ties go to the earlier candidate.
 */
export function closestName(name: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const cl = candidate.toLowerCase();
    let score: number;
    if (cl === lower) score = 0;
    else {
      const d = editDistance(lower, cl);
      const limit = maxDistance ?? Math.max(1, Math.floor(Math.max(lower.length, cl.length) / 3));
      const prefix = lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl)) && cl.length >= 3;
      if (d <= limit) score = d;
      else if (prefix) score = limit + 0.5;
      else continue;
    }
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Readable errors

export interface ValidationIssue {
  /** JSONPath-like location: `$`, `$.rules.FC999`, `$.environments.prod.dlpPolicies[0]`, `$["odd key"]`. */
  jsonPath: string;
  /** The same location as a JSON pointer (`/rules/FC999`). */
  pointer: string;
  /** What is wrong, without location: `unknown property "rulez"`. */
  message: string;
  /** The closest valid name or value, for "did you mean …". */
  suggestion?: string;
  /** The ajv keyword that failed (`additionalProperties`, `enum`, `type`, …), or flowc's own (`file`, `reference`). */
  keyword: string;
}

export interface DescribeOptions {
  /**
   * Extra valid names for a misspelt key of the object at `pointer` (JSON pointer), e.g. the known
   * rule codes for `/rules`. Used when the schema itself lists no property names there.
   */
  candidates?: (pointer: string) => readonly string[] | undefined;
}

function unescapePointerSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
function escapePointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/environments/prod/dlpPolicies/0` → `$.environments.prod.dlpPolicies[0]` (arrays known from `data`). */
export function pointerToJsonPath(pointer: string, data?: unknown): string {
  if (pointer === '') return '$';
  let out = '$';
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = unescapePointerSegment(raw);
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      out += `[${key}]`;
      node = node[Number(key)];
    } else {
      out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Turns ajv errors into readable issues, in document order of their first appearance, without duplicates. */
export function describeErrors(
  errors: readonly ErrorObject[] | null | undefined,
  data: unknown,
  options: DescribeOptions = {},
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  const all = errors ?? [];
  for (const e of all) {
    const issue = describeError(e, data, options);
    if (!issue) continue;
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  // An anyOf/oneOf summary is noise when a branch already said something more precise there.
  return out.filter(
    (i) => !(i.keyword === 'anyOf' || i.keyword === 'oneOf') || !out.some((o) => o !== i && o.pointer.startsWith(i.pointer)),
  );
}

function describeError(e: ErrorObject, data: unknown, options: DescribeOptions): ValidationIssue | undefined {
  const params = e.params as Record<string, unknown>;
  const at = (pointer: string, message: string, suggestion?: string): ValidationIssue => ({
    jsonPath: pointerToJsonPath(pointer, data),
    pointer,
    message,
    ...(suggestion !== undefined ? { suggestion } : {}),
    keyword: e.keyword,
  });
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;

  // An error inside `propertyNames` (e.g. a bad environment name) is about the key itself.
  if (e.propertyName !== undefined) {
    const pointer = `${e.instancePath}/${escapePointerSegment(e.propertyName)}`;
    const why = e.keyword === 'pattern' ? `it must match ${String(params['pattern'])}` : (e.message ?? 'it is invalid');
    return at(pointer, `invalid name ${JSON.stringify(e.propertyName)}: ${why}`);
  }

  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // reported by the error inside it (above)
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const pointer = `${e.instancePath}/${escapePointerSegment(name)}`;
      const props = parent['properties'];
      const known = props && typeof props === 'object' ? Object.keys(props) : [];
      const extra = options.candidates?.(e.instancePath) ?? [];
      const suggestion = closestName(name, [...known, ...extra]);
      const patterns = parent['patternProperties'];
      if (known.length === 0 && patterns && typeof patterns === 'object') {
        const list = Object.keys(patterns).join(', ');
        return at(pointer, `invalid key ${JSON.stringify(name)}: keys here must match ${list}`, suggestion);
      }
      return at(pointer, `unknown property ${JSON.stringify(name)}`, suggestion);
    }
    case 'required':
      return at(e.instancePath, `missing required property ${JSON.stringify(String(params['missingProperty']))}`);
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      const value = e.data;
      const suggestion =
        typeof value === 'string' ? closestName(value, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      return at(e.instancePath, `${show(value)} is not one of ${allowed.map(show).join(', ')}`, suggestion);
    }
    case 'const':
      return at(e.instancePath, `must be ${show(params['allowedValue'])}, not ${show(e.data)}`);
    case 'type':
      return at(e.instancePath, `must be ${String(params['type']).split(',').join(' or ')}, not ${jsonType(e.data)}`);
    case 'pattern':
      return at(e.instancePath, `${show(e.data)} does not match ${String(params['pattern'])}`);
    case 'minLength':
      return at(e.instancePath, params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters long`);
    case 'minItems':
      return at(e.instancePath, `must have at least ${String(params['limit'])} items`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(e.instancePath, `must be ${String(params['comparison'])} ${String(params['limit'])}`);
    default:
      return at(e.instancePath, e.message ?? `fails ${e.keyword}`);
  }
}

/** `<file>: <json path>: <message> (did you mean "…"?)` */
export function formatIssue(file: string, issue: Pick<ValidationIssue, 'jsonPath' | 'message' | 'suggestion'>): string {
  const hint = issue.suggestion !== undefined ? ` (did you mean ${JSON.stringify(issue.suggestion)}?)` : '';
  return `${file}: ${issue.jsonPath}: ${issue.message}${hint}`;
}

/** Validates `data` against `schemas/<name>.schema.json`; returns [] when it is valid. */
export function validateAgainst(name: SchemaName, data: unknown, options?: DescribeOptions): ValidationIssue[] {
  const validate = getValidator(name);
  if (validate(data)) return [];
  return describeErrors(validate.errors, data, options);
}

// ---------------------------------------------------------------------------------------------
// JSON text

export interface JsonSyntaxProblem {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/**
 * Finds the first syntax error in `text` (RFC 8259 JSON), or undefined if there is none. Written
 * for the messages: JSON.parse's differ between Node versions and do not always give a position.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const fail = (offset: number, message: string): never => {
    throw { offset, message } satisfies Omit<JsonSyntaxProblem, 'line' | 'column'>;
  };
  const ws = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail(i, 'comments are not allowed in JSON');
      else return;
    }
  };
  const describeAt = (): string => {
    if (i >= text.length) return 'the end of the file';
    if (text[i] === '"') return 'a string';
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 40));
    return m ? `\`${m[0]}\`` : `\`${text[i]}\``;
  };
  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(start, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i, 'invalid \\u escape in string');
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail(i, `invalid escape \\${n ?? ''} in string`);
      } else if (c < 0x20) {
        fail(i, c === 10 || c === 13 ? 'unterminated string (line break inside a string)' : 'control character in string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          if (text[i] === '}') fail(i, 'trailing comma before `}`');
          if (text[i] === "'") fail(i, 'property names must be in double quotes');
          fail(i, `expected a property name in double quotes, found ${describeAt()}`);
        }
        string();
        ws();
        if (text[i] !== ':') fail(i, `expected \`:\` after the property name, found ${describeAt()}`);
        i++;
        value();
        const end = i;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === '"') fail(end, 'missing `,` after the property value');
        fail(i, `expected \`,\` or \`}\` after a property value, found ${describeAt()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail(i, 'trailing comma before `]`');
        value();
        const end = i;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== undefined && /["{[0-9tfn-]/.test(text[i]!)) fail(end, 'missing `,` after the array item');
        fail(i, `expected \`,\` or \`]\` after an array item, found ${describeAt()}`);
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i, i + 400));
    if (lit && !/^[A-Za-z0-9_.]/.test(text.slice(i + lit[0].length, i + lit[0].length + 1))) {
      i += lit[0].length;
      return;
    }
    if (c === "'") fail(i, 'strings must use double quotes');
    fail(i, `expected a value, found ${describeAt()}`);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    if (i >= text.length) fail(i, 'the file is empty');
    value();
    ws();
    if (i < text.length) fail(i, `unexpected ${describeAt()} after the JSON value`);
    return undefined;
  } catch (err) {
    if (err && typeof err === 'object' && 'offset' in err && 'message' in err) {
      const { offset, message } = err as { offset: number; message: string };
      return { offset, message, ...lineColumn(text, offset) };
    }
    throw err;
  }
}

/** Parses JSON text (a leading BOM is ignored); throws the syntax problem with line and column. */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    const problem = findJsonSyntaxError(text) ?? {
      offset: 0,
      line: 1,
      column: 1,
      message: err instanceof Error ? err.message : String(err),
    };
    throw new JsonSyntaxError(problem);
  }
}

export class JsonSyntaxError extends Error {
  readonly problem: JsonSyntaxProblem;
  constructor(problem: JsonSyntaxProblem) {
    super(`invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`);
    this.name = 'JsonSyntaxError';
    this.problem = problem;
  }
}

// ---------------------------------------------------------------------------------------------
// Files

/** One problem in a JSON input file. */
export interface FileIssue {
  jsonPath?: string;
  message: string;
  suggestion?: string;
  /** 1-based, for syntax errors. */
  line?: number;
  column?: number;
}

/**
 * A JSON input file that cannot be used. `message` is the full readable text (one line per
 * issue: `<file>: <json path>: <message> (did you mean "…"?)`, or `<file>:<line>:<column>: …` for
 * a syntax error); the fields describe the first issue and `issues` lists them all.
 */
export class JsonFileError extends Error {
  readonly file: string;
  readonly jsonPath?: string;
  readonly suggestion?: string;
  readonly line?: number;
  readonly column?: number;
  /** The first issue's message without file and path. */
  readonly detail: string;
  readonly issues: readonly FileIssue[];

  constructor(file: string, issues: FileIssue | readonly FileIssue[]) {
    const list = Array.isArray(issues) ? (issues as readonly FileIssue[]) : [issues as FileIssue];
    if (list.length === 0) throw new Error('JsonFileError needs at least one issue');
    super(list.map((i) => formatFileIssue(file, i)).join('\n'));
    this.name = 'JsonFileError';
    const first = list[0]!;
    this.file = file;
    if (first.jsonPath !== undefined) this.jsonPath = first.jsonPath;
    if (first.suggestion !== undefined) this.suggestion = first.suggestion;
    if (first.line !== undefined) this.line = first.line;
    if (first.column !== undefined) this.column = first.column;
    this.detail = first.message;
    this.issues = list;
  }
}

export function formatFileIssue(file: string, issue: FileIssue): string {
  if (issue.line !== undefined) {
    return `${file}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  }
  if (issue.jsonPath !== undefined) {
    return formatIssue(file, { jsonPath: issue.jsonPath, message: issue.message, ...(issue.suggestion !== undefined ? { suggestion: issue.suggestion } : {}) });
  }
  const hint = issue.suggestion !== undefined ? ` (did you mean ${JSON.stringify(issue.suggestion)}?)` : '';
  return `${file}: ${issue.message}${hint}`;
}

export interface ReadJsonOptions extends DescribeOptions {
  /** How the file is named in messages (default: `file`). */
  displayPath?: string;
  /** Error class to throw (e.g. ConfigError); default JsonFileError. */
  errorClass?: new (file: string, issues: readonly FileIssue[]) => JsonFileError;
}

/** Reads the text of a JSON input file; a missing file or a folder is a JsonFileError. */
export function readJsonText(file: string, options: ReadJsonOptions = {}): string {
  const shown = options.displayPath ?? file;
  const ErrorClass = options.errorClass ?? JsonFileError;
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    throw new ErrorClass(shown, [{ message: 'file not found' }]);
  }
  if (isDir) throw new ErrorClass(shown, [{ message: 'is a folder, not a JSON file' }]);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ErrorClass(shown, [{ message: `cannot be read: ${err instanceof Error ? err.message : String(err)}` }]);
  }
}

/**
 * Reads a JSON file, parses it and, when `schema` is given, validates it. Throws a JsonFileError
 * (or `options.errorClass`) with every problem found.
 */
export function readJsonFile<N extends SchemaName>(file: string, schema: N, options?: ReadJsonOptions): SchemaType<N>;
export function readJsonFile(file: string, schema?: undefined, options?: ReadJsonOptions): unknown;
export function readJsonFile(file: string, schema?: SchemaName, options: ReadJsonOptions = {}): unknown {
  const shown = options.displayPath ?? file;
  const ErrorClass = options.errorClass ?? JsonFileError;
  const text = readJsonText(file, options);
  let data: unknown;
  try {
    data = parseJsonText(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      const { line, column, message } = err.problem;
      throw new ErrorClass(shown, [{ line, column, message: `invalid JSON: ${message}` }]);
    }
    throw err;
  }
  if (schema !== undefined) {
    const issues = validateAgainst(schema, data, options);
    if (issues.length > 0) throw new ErrorClass(shown, issues.map(toFileIssue));
  }
  return data;
}

export function toFileIssue(issue: ValidationIssue): FileIssue {
  return {
    jsonPath: issue.jsonPath,
    message: issue.message,
    ...(issue.suggestion !== undefined ? { suggestion: issue.suggestion } : {}),
  };
}
