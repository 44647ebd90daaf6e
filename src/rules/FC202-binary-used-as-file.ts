import { lookupAction, pathParams } from '../catalog/actions.js';
import { Atom, FILE_ACCEPTED, flowTypes, type DataType } from '../analysis/dataflow.js';
import { rootName } from '../analysis/symbols.js';
import { pathArgument } from '../analysis/pad-actions.js';
import { flowStatements, statementActionsAt } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/** Binary data that cannot also be a file or a path. */
function onlyBinary(t: DataType | undefined): boolean {
  return !!t && (t.atoms & Atom.BinaryData) !== 0 && (t.atoms & FILE_ACCEPTED) === 0;
}

/**
 * FC202: binary data (a connector response of `format: binary`, a binary field of one such as
 * an attachment's `contentBytes`, or File.ConvertToBinary's output) reaches an argument of a
 * standard action that expects a file or folder on disk, without first being written to a
 * file with "Convert binary data to file" (File.ConvertFromBinary). Data-flow based, like FC201.
 */
export const binaryUsedAsFile: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC202',
    name: 'binary-used-as-file',
    severity: 'error',
    description: 'Binary data is used where a standard action expects a file or a file path.',
    help: 'write it to a file first with "Convert binary data to file" (File.ConvertFromBinary BinaryData: … File: …) and pass that file',
  },
  check(ctx) {
    let types: ReturnType<typeof flowTypes> | undefined;
    const index = flowStatements(ctx.flow);
    const { statements, ends } = index;
    for (let i = 0; i < statements.length; i++) {
      if (statements[i]!.disabled) {
        i = ends[i]! - 1; // and what it holds
        continue;
      }
      const calls = statementActionsAt(index, i);
      for (let n = 0; n < calls.length; n++) {
        const a = calls[n]!;
        const info = lookupAction(a.name.value);
        if (!info) continue;
        const paths = pathParams(info);
        for (let k = 0; k < paths.length; k++) {
          const p = paths[k]!;
          const arg = pathArgument(a, info, k);
          if (!arg) continue;
          types ??= flowTypes(ctx);
          const t = types.typeOf(arg.value);
          const asList = !onlyBinary(t) && onlyBinary(t.list) && !(t.atoms & FILE_ACCEPTED);
          if (!onlyBinary(t) && !asList) continue;
          const varName = rootName(arg.value);
          const origin = varName !== undefined ? types.origin(varName, Atom.BinaryData) : undefined;
          const expects = p.accepts === 'folder' ? 'a folder' : p.type === 'List' ? 'a file or a list of files' : 'a file';
          ctx.report({
            span: arg.value.span,
            message: `${p.name}: of ${info.name} expects ${expects}, but gets ${asList ? 'a list of binary data' : 'binary data'}`,
            help: this.meta.help,
            related: origin ? [{ span: origin.span, message: `'${varName}' gets binary data here, ${origin.what}` }] : [],
          });
        }
      }
    }
  },
};
