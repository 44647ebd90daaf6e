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
