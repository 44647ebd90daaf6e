/**
 * The `encoding` option (flowc.config.json `encoding`, CLI `--encoding`): the legacy code page
 * that flow text files not in UTF-8 were saved in (Notepad's "ANSI" on a Japanese Windows writes
 * Shift_JIS, on a western one Windows-1252). Labels are the WHATWG Encoding Standard's, as Node's
 * TextDecoder takes them (built with full ICU, as the official Node builds are).
 */
import { closest } from '../util/suggest.js';

/**
 * The WHATWG encodings' names (https://encoding.spec.whatwg.org/#names-and-labels) a flow may be
 * saved in, for the "did you mean" of a misspelt label. Any label TextDecoder takes is accepted.
 */
export const ENCODING_NAMES: readonly string[] = [
  'utf-8',
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
];

/**
 * The problem with an `encoding` label, or undefined when TextDecoder takes it. UTF-16 is refused:
 * the option applies to bytes that are not valid UTF-8, and a UTF-16 file is read by its
 * byte-order mark.
 */
export function encodingProblem(label: string): { message: string; suggestion?: string } | undefined {
  let name: string;
  try {
    name = new TextDecoder(label.trim()).encoding;
  } catch {
    const known = ENCODING_NAMES.includes(label.trim().toLowerCase());
    return known
      ? { message: `encoding ${JSON.stringify(label)} is not supported by this Node.js (it needs a build with full ICU, as the official builds are)` }
      : { message: `unknown encoding ${JSON.stringify(label)} (a WHATWG label such as shift_jis, windows-1252, gbk, euc-kr)`, suggestion: closest(label.trim().toLowerCase(), ENCODING_NAMES) };
  }
  if (name.startsWith('utf-16')) {
    return { message: `encoding ${JSON.stringify(label)}: a UTF-16 file is read by its byte-order mark; \`encoding\` names the legacy code page of files that are not UTF-8` };
  }
  return undefined;
}

/**
 * WHATWG windows-1252 (https://encoding.spec.whatwg.org/index-windows-1252.txt) at bytes 80–9F,
 * where it differs from ISO-8859-1. Node 20's TextDecoder decodes every label of windows-1252
 * (`windows-1252`, `latin1`, `ascii`…) as ISO-8859-1 (80 → U+0080 instead of €), so flowc maps
 * these 32 bytes itself.
 */
const WINDOWS_1252_80_9F = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** The WHATWG name of a label TextDecoder takes (`sjis` → `shift_jis`, `latin1` → `windows-1252`). */
export function encodingName(label: string): string {
  return new TextDecoder(label.trim()).encoding;
}

/**
 * Decodes `bytes` with the encoding `label` names, strictly (`fatal`: a byte sequence not valid
 * in it throws a TypeError) or with U+FFFD for invalid sequences. A leading BOM is not removed.
 */
export function decodeWith(bytes: Uint8Array, label: string, fatal: boolean): string {
  const name = encodingName(label);
  if (name !== 'windows-1252') return new TextDecoder(name, { fatal, ignoreBOM: true }).decode(bytes);
  // Every byte is valid windows-1252: decoded one by one, in chunks for String.fromCharCode.
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? WINDOWS_1252_80_9F[b - 0x80]! : b));
    out += String.fromCharCode(...chunk);
  }
  return out;
}
