import path from 'node:path';

/**
 * The path shown to users for `absolutePath`: relative to `cwd` with `/` separators when it is
 * inside `cwd` (`.` for `cwd` itself), otherwise the absolute path unchanged.
 */
export function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '') return '.';
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? absolutePath : relative.split(path.sep).join('/');
}

/** Locale-independent string order (UTF-16 code units), so output order never depends on the machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The file that makes a folder (or zip) a Dataverse solution. */
export const CUSTOMIZATIONS_XML = 'customizations.xml';
