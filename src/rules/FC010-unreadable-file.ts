import type { InputRule } from './rule.js';

/** What to do about a solution flowc refused or could not read. */
const SOLUTION_HELP =
  'export the solution again from Power Automate (or unpack it with `pac solution unpack`); flowc does not read a solution that is corrupt, could write outside its folder, or is above its size limits (docs/security.md)';

/**
 * FC010: a flow file that could not be read or decoded: permission denied, an I/O error, bytes
 * that are not UTF-8 (a file saved in a legacy code page such as Windows-1252 or Shift_JIS, when
 * `encoding` does not name it, or does but the bytes are not valid in it either), a binary file,
 * a file above the size limit; or a solution (zip or unpacked folder) that is corrupt, hostile
 * (zip slip, zip bomb, XML entities…) or above a limit. The input is reported and every other
 * input is still checked, as ESLint and ruff do; machine formats (json, sarif, github) carry it
 * like any diagnostic.
 */
export const unreadableFile: InputRule = {
  kind: 'input',
  meta: {
    code: 'FC010',
    name: 'unreadable-file',
    severity: 'error',
    description: 'A flow file or a solution could not be read (or decoded as text).',
    help: 'save the file as UTF-8 (or UTF-16 with a byte-order mark), or name the legacy code page it was saved in with `encoding` in flowc.config.json or `--encoding` (e.g. shift_jis, windows-1252); and make sure it can be read',
  },
  check(ctx) {
    ctx.report({ span: ctx.span, message: ctx.problem, help: ctx.input === 'solution' ? SOLUTION_HELP : unreadableFile.meta.help });
  },
};
