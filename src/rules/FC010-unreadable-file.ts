import type { InputRule } from './rule.js';

/**
 * FC010: a flow file that could not be read or decoded: permission denied, an I/O error, bytes
 * that are not UTF-8 (a file saved in a legacy code page such as Windows-1252), a binary file,
 * a file above the size limit. The file is reported and every other file is still checked, as
 * ESLint and ruff do; machine formats (json, sarif, github) carry it like any diagnostic.
 */
export const unreadableFile: InputRule = {
  kind: 'input',
  meta: {
    code: 'FC010',
    name: 'unreadable-file',
    severity: 'error',
    description: 'A flow file could not be read or decoded as text.',
    help: 'save the file as UTF-8 (or UTF-16 with a byte-order mark) and make sure it can be read',
  },
  check(ctx) {
    ctx.report({ span: ctx.span, message: ctx.problem, help: unreadableFile.meta.help });
  },
};
