import { inputError } from './errors.js';

/** Byte-order marks flowc recognises, and the encoding each one announces. */
const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/**
 * Decodes a text file: UTF-8 (with or without a BOM), or UTF-16 LE/BE announced by a BOM (what
 * Windows tools such as PowerShell 5 and Notepad's "Unicode" write). The BOM is removed. Bytes
 * that are not valid in the encoding are an InputError rather than silent U+FFFD characters,
 * so a file saved in a legacy code page is reported instead of being mangled.
 */
export function decodeText(bytes: Uint8Array, path: string, entry?: string): string {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const encoding = bom?.encoding ?? 'utf-8';
  try {
    // ignoreBOM: false (the default) makes the decoder drop a leading BOM of its own encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const problem = bom
      ? `is not valid ${encoding.toUpperCase()} text`
      : 'is not valid UTF-8 text (save it as UTF-8, or UTF-16 with a byte-order mark)';
    throw inputError(path, entry, problem);
  }
}
