/**
 * ajv's errors as readable issues: a JSON path (`$.environments.prod.dlpPolicies[0]`), a message
 * without ajv's jargon and, for a misspelt key or enum value, the closest valid name.
 */
import type { ErrorObject } from 'ajv';
import { closest } from '../util/suggest.js';
import { escapeSegment, pointerToJsonPath } from '../util/json-pointer.js';
import { getValidator, type SchemaName } from './schema-registry.js';

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

/**
 * A value of an input file as a message shows it. Text is quoted only when it is short and plain
 * (an enum typo such as "warnign" is worth showing); anything longer, or with characters a name
 * does not have, may be a secret in a file a stranger wrote, and is described instead.
 */
function show(value: unknown): string {
  if (typeof value === 'string') return /^[A-Za-z0-9 ._:/-]{0,24}$/.test(value) && !/(pass|pwd|secret|token|key)/i.test(value) ? JSON.stringify(value) : 'this text';
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
    const pointer = `${e.instancePath}/${escapeSegment(e.propertyName)}`;
    const why = e.keyword === 'pattern' ? `it must match ${String(params['pattern'])}` : (e.message ?? 'it is invalid');
    return at(pointer, `invalid name ${JSON.stringify(e.propertyName)}: ${why}`);
  }

  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // reported by the error inside it (above)
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const pointer = `${e.instancePath}/${escapeSegment(name)}`;
      const props = parent['properties'];
      const known = props && typeof props === 'object' ? Object.keys(props) : [];
      const extra = options.candidates?.(e.instancePath) ?? [];
      const suggestion = closest(name, [...known, ...extra], { prefix: true });
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
        typeof value === 'string' ? closest(value, allowed.filter((v): v is string => typeof v === 'string'), { prefix: true }) : undefined;
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
