import type { Statement } from '../ir/flow.js';
import { flowStatements, pushChildLists } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/** Statements that end their block: nothing after them in the same block runs, up to a LABEL. */
function terminates(s: Statement): boolean {
  return !s.disabled && (s.kind === 'goto' || s.kind === 'exitFunction' || s.kind === 'exit');
}
/** Markers that are not code. */
function isMarker(s: Statement): boolean {
  return s.kind === 'region' || s.kind === 'endRegion' || s.disabled;
}

/** FC007: statements after GOTO, EXIT FUNCTION or EXIT Code: in the same block. */
export const unreachableCode: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC007',
    name: 'unreachable-code',
    severity: 'warning',
    description: 'Statements after a GOTO, EXIT FUNCTION or EXIT in the same block never run.',
    help: 'remove them, or add a LABEL before them if a GOTO should reach them',
  },
  check(ctx) {
    const lists: Statement[][] = [ctx.flow.main.body, ...ctx.flow.subflows.map((s) => s.body)];
    for (const s of flowStatements(ctx.flow).statements) pushChildLists(s, lists);
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        if (!terminates(s)) continue;
        let j = i + 1;
        while (j < list.length && isMarker(list[j]!)) j++;
        const start = j;
        while (j < list.length && list[j]!.kind !== 'label') j++;
        const dead = list.slice(start, j).filter((x) => !isMarker(x));
        if (dead.length === 0) continue;
        const why = s.kind === 'goto' ? `GOTO ${s.name.value}` : s.kind === 'exit' ? 'EXIT' : 'EXIT FUNCTION';
        ctx.report({
          span: { start: dead[0]!.span.start, end: dead[dead.length - 1]!.span.end },
          message: `unreachable: ${dead.length === 1 ? 'this statement follows' : `these ${dead.length} statements follow`} ${why} in the same block`,
          help: this.meta.help,
          related: [{ span: s.span, message: `${why} ends the block here` }],
        });
        i = j - 1;
      }
    }
  },
};
