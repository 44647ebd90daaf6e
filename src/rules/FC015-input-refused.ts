import type { FileRule } from './rule.js';

/**
 * FC015: a path of the checked tree that flowc will not read — a symbolic link out of the
 * checked folder, a link that leads nowhere, a FIFO, socket or device, a file in /proc, /sys or
 * /dev. The tree may be a stranger's pull request; reading such a path would print the runner's
 * secrets (`env.flow -> /proc/self/environ`) or hang. Nothing of it is opened (inputs/guard.ts).
 */
export const inputRefused: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC015',
    name: 'input-refused',
    severity: 'error',
    description: 'A path of the checked tree that flowc refuses to read: a link out of the checked folder, a device, a FIFO or a socket.',
    help: 'replace the link by the file itself, or name the real file on the command line; flowc reads only regular files inside the folder it checks',
  },
  check(ctx) {
    if (ctx.doc.refused !== undefined) ctx.report({ span: { start: 0, end: 0 }, message: `this path ${ctx.doc.refused}`, help: inputRefused.meta.help });
  },
};
