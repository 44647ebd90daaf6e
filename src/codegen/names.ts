/**
 * Names that flowc makes up: file names for flows that have only a display name (flows inside a
 * solution, imported flows), and header identifiers for imported connection references.
 */

/** Names Windows refuses as file names, whatever the extension. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_STEM = 100;

/**
 * A file-name stem for a display name: letters and digits of any script, `.`, `_` and `-`; every
 * other run of characters becomes one `-`. Never empty, never `.`/`..`, never a Windows device
 * name, at most 100 characters. `PADFramework: FlowTemplate (WorkQueues)` →
 * `PADFramework-FlowTemplate-WorkQueues`.
 */
export function safeFileStem(name: string): string {
  let stem = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/[-.]+$/, '');
  if (stem === '') stem = 'flow';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  return stem;
}

/** A key that two file names share when a case-insensitive file system would treat them as one. */
export function fileNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * A header identifier (`CONNECTION <Name>`) from a display or logical name: letters, digits and
 * `_`; not starting with a digit; unique among `taken` (compared ignoring case: header names
 * resolve `Connection:` values ignoring case).
 */
export function headerIdentifier(name: string, taken: Set<string>): string {
  let base = name.normalize('NFC').replace(/[^\p{L}\p{N}_]+/gu, '_').replace(/^_+|_+$/g, '');
  if (base === '') base = 'Connection';
  if (/^\p{N}/u.test(base)) base = `_${base}`;
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}_${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** A header text literal: `'…'` with `\` and `'` escaped; line breaks (which a header text cannot hold) become spaces. */
export function headerText(value: string): string {
  return `'${value.replace(/\r\n|\r|\n/g, ' ').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A connection reference as a header `CONNECTION` clause writes it. */
export interface HeaderReference {
  connector: string;
  logicalName?: string;
  displayName?: string;
  owner?: string;
  padInternalId?: string;
  embedded: boolean;
}

/**
 * One header `CONNECTION` clause (indented, no line end), named after the reference's display or
 * logical name, unique among `taken`. `import` and `diff --textconv` write references this way.
 */
export function connectionClause(r: HeaderReference, taken: Set<string>): string {
  let line = `    CONNECTION ${headerIdentifier(r.displayName ?? r.logicalName ?? 'Connection', taken)} CONNECTOR ${headerText(r.connector)}`;
  if (r.logicalName !== undefined) line += ` LOGICALNAME ${headerText(r.logicalName)}`;
  if (r.displayName !== undefined) line += ` DISPLAYNAME ${headerText(r.displayName)}`;
  if (r.owner !== undefined) line += ` OWNER ${headerText(r.owner)}`;
  if (r.padInternalId !== undefined) line += ` ID ${headerText(r.padInternalId)}`;
  if (r.embedded) line += ' EMBEDDED';
  return line;
}
