/**
 * JSON text as flowc prints it: `JSON.stringify`, then the characters it leaves raw that reorder
 * or break what a reader sees (U+2028/U+2029 line and paragraph separators, the bidirectional
 * embeddings, overrides and isolates such as U+202E, NEL) escaped as `\uXXXX`. They can only occur
 * inside strings, where the escape is the same value: the document parses back identically.
 */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
