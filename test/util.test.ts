/** The small shared helpers of src/util/: JSON pointers, GUIDs, the line/column index. */
import { describe, expect, it } from 'vitest';
import { escapeSegment, pointerSegments, pointerToJsonPath, unescapeSegment } from '../src/util/json-pointer.js';
import { normalizeGuid, normalizeId } from '../src/util/guid.js';
import { LineIndex } from '../src/util/line-index.js';

describe('json-pointer', () => {
  it('splits and unescapes (RFC 6901), and escapes back', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerSegments('/a/b~1c/~0d/')).toEqual(['a', 'b/c', '~d', '']);
    expect(unescapeSegment('~01')).toBe('~1');
    expect(escapeSegment('a/~b')).toBe('a~1~0b');
    for (const key of ['a/b', '~', '~1', 'plain']) expect(unescapeSegment(escapeSegment(key))).toBe(key);
  });

  it('shows a pointer as a JSON path, arrays known from the data', () => {
    expect(pointerToJsonPath('')).toBe('$');
    const data = { environments: { prod: { dlpPolicies: ['x'] } }, 'odd key': 1 };
    expect(pointerToJsonPath('/environments/prod/dlpPolicies/0', data)).toBe('$.environments.prod.dlpPolicies[0]');
    expect(pointerToJsonPath('/odd key', data)).toBe('$["odd key"]');
    expect(pointerToJsonPath('/rules/0')).toBe('$.rules["0"]');
  });
});

describe('guid', () => {
  it('normalises every id the same way: trim, braces, case', () => {
    expect(normalizeId(' {78AC15AE-0000-4000-8000-00000000000A} ')).toBe('78ac15ae-0000-4000-8000-00000000000a');
    expect(normalizeId('Not-A-Guid')).toBe('not-a-guid');
    expect(normalizeGuid('{78AC15AE-0000-4000-8000-00000000000A}')).toBe('78ac15ae-0000-4000-8000-00000000000a');
    expect(normalizeGuid('Not-A-Guid')).toBeUndefined();
    expect(normalizeGuid(undefined)).toBeUndefined();
  });
});

describe('LineIndex', () => {
  it('counts LF, CRLF and CR line breaks; columns are 1-based', () => {
    const li = new LineIndex('ab\ncd\r\nef\rg');
    expect(li.position(0)).toEqual({ line: 1, column: 1 });
    expect(li.position(3)).toEqual({ line: 2, column: 1 });
    expect(li.position(7)).toEqual({ line: 3, column: 1 });
    expect(li.position(10)).toEqual({ line: 4, column: 1 });
    expect(li.lineCount).toBe(4);
  });
});
