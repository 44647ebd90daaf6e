/**
 * JSON input files (config, policies, deployment settings, inventories): read, parsed
 * (json-text.ts) and validated against their schema (schema-registry.ts, schema-issues.ts); a
 * file that cannot be used throws a JsonFileError listing every problem, one line each.
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { MAX_JSON_FILE_BYTES, readRegularFileSync } from './guard.js';
import { JsonSyntaxError, parseJsonText } from './json-text.js';
import type { SchemaName, SchemaType } from './schema-registry.js';
import { formatIssue, validateAgainst, type DescribeOptions, type ValidationIssue } from './schema-issues.js';

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
    // Bounded, and only a regular file: `/dev/zero` as connections or a FIFO as a DLP policy
    // would otherwise fill the memory or hang.
    return readRegularFileSync(file, MAX_JSON_FILE_BYTES).toString('utf8');
  } catch (err) {
    const why = err instanceof InputError ? err.message.slice(err.message.indexOf(': ') + 2) : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new ErrorClass(shown, [{ message: why }]);
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
