/**
 * A byte-deterministic zip of in-memory files, written with fflate (never by hand): entries in
 * the order given (callers sort them), every entry deflated at one fixed level with one fixed
 * time stamp and no extra fields, so two builds of the same files are the same bytes on every
 * machine, in every time zone.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** `/`-separated path inside the zip. */
  name: string;
  content: string | Uint8Array;
}

/**
 * 1980-01-01 00:00:00, the first instant a zip (MS-DOS) time stamp can hold. Built from local
 * fields because fflate writes the DOS time from the Date's local fields: the stored stamp is
 * then the same whatever the time zone.
 */
function fixedTime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0, 0);
}

/** The zip's bytes. Text is UTF-8 without BOM. Duplicate names are a bug of the caller and throw. */
export function zipFiles(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  const mtime = fixedTime();
  for (const e of entries) {
    if (Object.prototype.hasOwnProperty.call(files, e.name)) throw new Error(`zipFiles: two entries are named ${e.name}`);
    const data = typeof e.content === 'string' ? strToU8(e.content) : e.content;
    files[e.name] = [data, { level: 6, mtime }];
  }
  return zipSync(files, { level: 6, mtime });
}
