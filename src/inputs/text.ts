import { isUtf8 } from 'node:buffer';
import { inputError } from './errors.js';
import { decodeWith, encodingName } from './encoding.js';

/** Byte-order marks flowc recognises, and the encoding each one announces. */
const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** The bytes start with a byte-order mark flowc recognises. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return BOMS.some((b) => b.bytes.every((byte, i) => bytes[i] === byte));
}

/**
 * Decodes a text file: UTF-8 (with or without a BOM), or UTF-16 LE/BE announced by a BOM (what
 * Windows tools such as PowerShell 5 and Notepad's "Unicode" write). The BOM is removed. Bytes
 * that are not valid in the encoding are an InputError rather than silent U+FFFD characters,
 * so a file saved in a legacy code page is reported instead of being mangled. `legacy` (the
 * `encoding` option, a WHATWG label) decodes bytes that have no BOM and are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array, path: string, entry?: string, legacy?: string): string {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const encoding = bom?.encoding ?? (legacy !== undefined && firstInvalidUtf8(bytes) >= 0 ? encodingName(legacy) : 'utf-8');
  try {
    if (!bom && encoding !== 'utf-8') return decodeWith(bytes, encoding, true);
    // ignoreBOM: false (the default) makes the decoder drop a leading BOM of its own encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const problem = bom || encoding !== 'utf-8'
      ? `is not valid ${encoding.toUpperCase()} text`
      : 'is not valid UTF-8 text (save it as UTF-8, or UTF-16 with a byte-order mark)';
    throw inputError(path, entry, problem);
  }
}

/**
 * The offset of the first byte that does not start (or continue) a valid UTF-8 sequence, or -1
 * when all of `bytes` is valid UTF-8 (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  // Node's native check (simdutf, the same rules) answers for valid text, nearly every file; the
  // walk below finds where invalid text goes wrong.
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}
