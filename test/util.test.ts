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

  it('finds the same lines as a walk over every character, with and without CR', () => {
    // The reference: a line starts after `\n`, after `\r\n`, and after a `\r` not followed by `\n`.
    const lineOf = (text: string, offset: number): number => {
      let line = 1;
      for (let i = 0; i < offset; i++) {
        if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
      }
      return line;
    };
    let seed = 7;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let k = 0; k < 300; k++) {
      const alphabet = k % 2 ? ['a', '\n', 'b'] : ['a', '\r', '\n', '\r\n'];
      const text = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join('');
      const li = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        // An offset between the `\r` and `\n` of a CRLF belongs to the line the CRLF ends.
        if (text[o - 1] === '\r' && text[o] === '\n') continue;
        expect(li.position(o).line, JSON.stringify(text) + ' @' + o).toBe(lineOf(text, o));
      }
    }
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a strict UTF-8 decoder: -1 exactly for valid text, else the end of the valid prefix', async () => {
    const { firstInvalidUtf8 } = await import('../src/inputs/text.js');
    const strict = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array): boolean => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // Overlong forms, surrogates, beyond U+10FFFF, truncated and stray continuation bytes, and valid text around them.
    const pieces = [[0x41], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xff], [0x0a]];
    let seed = 11;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let k = 0; k < 2000; k++) {
      const bytes = Uint8Array.from(Array.from({ length: rand(8) }, () => pieces[rand(pieces.length)]!).flat());
      const at = firstInvalidUtf8(bytes);
      expect(at === -1, Buffer.from(bytes).toString('hex')).toBe(valid(bytes));
      if (at >= 0) expect(valid(bytes.subarray(0, at)), Buffer.from(bytes).toString('hex')).toBe(true);
    }
  });
});
