import { findInput, isBinaryFormat, type OperationInfo, type SchemaField } from '../catalog/connectors.js';
import { inputLabel, resolveConnectorActions } from '../analysis/connector-actions.js';
import { Atom, FILE_LIKE, MAX_DEPTH, describeAtoms, flowTypes, type DataType } from '../analysis/dataflow.js';
import { rootName } from '../analysis/symbols.js';
import { flowStatements, statementActionsAt } from '../analysis/walk.js';
import type { ActionCall } from '../ir/flow.js';
import type { FileRule } from './rule.js';

interface Finding {
  /** Schema path of the binary input or field (`body`, `emailMessage/Attachments[]/ContentBytes`). */
  path: string;
  atoms: number;
}

/**
 * FC201: a file, a folder or a file path reaches a connector input whose metadata says binary
 * (`format: binary` or `byte`) without going through "Convert file to binary data"
 * (File.ConvertToBinary). Follows values through variables, lists, custom objects and subflows
 * (analysis/dataflow.ts), and into body fields: a list of attachment objects whose
 * `ContentBytes` is a path is caught too. A value that may also be binary data, or whose type
 * is unknown, is never reported.
 */
export const filePassedToConnector: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC201',
    name: 'file-passed-to-connector',
    severity: 'error',
    description: 'A file, folder or file path is passed to a connector input that takes binary data.',
    help: 'convert it with "Convert file to binary data" (File.ConvertToBinary File: … BinaryData=> …) and pass the binary data',
  },
  check(ctx) {
    const resolved = resolveConnectorActions(ctx.facts, ctx.services).filter((x) => !x.fact.disabled && x.operation);
    if (resolved.length === 0) return;
    const calls = new Map<number, ActionCall>();
    const index = flowStatements(ctx.flow);
    const { statements, ends } = index;
    for (let i = 0; i < statements.length; i++) {
      if (statements[i]!.disabled) i = ends[i]! - 1; // and what it holds
      else {
        const actions = statementActionsAt(index, i);
        for (let n = 0; n < actions.length; n++) calls.set(actions[n]!.span.start, actions[n]!);
      }
    }
    const types = flowTypes(ctx);
    for (const x of resolved) {
      const call = calls.get(x.fact.span.start);
      const op = x.operation!;
      if (!call) continue;
      for (const input of call.atInputs) {
        const m = findInput(op, input.name.value);
        if (!m) continue;
        const root = m.field?.path ?? m.parameter.name;
        const fields = fieldMap(op, m.parameter.name);
        const found = findFileInBinary(types.typeOf(input.value), root, fields, 0);
        if (!found) continue;
        const what = describeAtoms(found.atoms);
        const label = inputLabel(input.name.value);
        const nested = found.path !== root ? where(found.path.slice(root.length)) : undefined;
        const varName = rootName(input.value);
        const origin = varName !== undefined && input.value.kind !== 'text' ? (types.origin(varName, found.atoms) ?? types.origin(varName, Atom.Text)) : undefined;
        ctx.report({
          span: input.value.span,
          message: nested
            ? `${label} of '${op.operationId}' needs binary data in ${nested}, but gets ${what} there`
            : `${label} of '${op.operationId}' takes binary data, but gets ${what}`,
          help: nested
            ? `convert each file with "Convert file to binary data" (File.ConvertToBinary File: … BinaryData=> …) and put the binary data in ${nested}`
            : this.meta.help,
          related: origin && (origin.span.start !== input.value.span.start || origin.span.end !== input.value.span.end)
            ? [{ span: origin.span, message: `'${varName}' gets ${what} here, ${origin.what}` }]
            : [],
        });
      }
    }
  },
};

type FieldInfo = Pick<SchemaField, 'format' | 'type'>;

const fieldMaps = new WeakMap<OperationInfo, Map<string, Map<string, FieldInfo>>>();

/** Body fields and the parameter itself, by lower-case path; built once per operation and parameter. */
function fieldMap(op: OperationInfo, parameterName: string): Map<string, FieldInfo> {
  let byParameter = fieldMaps.get(op);
  if (!byParameter) fieldMaps.set(op, (byParameter = new Map()));
  let out = byParameter.get(parameterName);
  if (!out) byParameter.set(parameterName, (out = buildFieldMap(op, parameterName)));
  return out;
}

function buildFieldMap(op: OperationInfo, parameterName: string): Map<string, FieldInfo> {
  const p = op.parameters.find((x) => x.name === parameterName);
  const out = new Map<string, FieldInfo>();
  if (!p) return out;
  out.set(p.name.toLowerCase(), { format: p.format, type: p.type });
  for (const f of p.fields ?? []) if (!out.has(f.path.toLowerCase())) out.set(f.path.toLowerCase(), f);
  return out;
}

function findFileInBinary(t: DataType, path: string, fields: Map<string, FieldInfo>, depth: number): Finding | undefined {
  const f = fields.get(path.toLowerCase());
  if (f && isBinaryFormat(f.format, f.type)) {
    const bad = t.atoms & FILE_LIKE;
    return bad && !(t.atoms & Atom.BinaryData) ? { path, atoms: bad } : undefined;
  }
  if (depth > MAX_DEPTH + 1) return undefined;
  if (t.list && fields.has(`${path}[]`.toLowerCase())) {
    const r = findFileInBinary(t.list, `${path}[]`, fields, depth + 1);
    if (r) return r;
  }
  for (const [k, v] of t.object?.props ?? []) {
    const sub = `${path}/${k}`;
    if (!fields.has(sub.toLowerCase())) continue;
    const r = findFileInBinary(v, sub, fields, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** `[]/ContentBytes` → `the 'ContentBytes' of each item`; other relative paths as they are. */
function where(relative: string): string {
  const m = /^\[\]\/([^/[\]]+)$/.exec(relative);
  if (m) return `the '${m[1]}' of each item`;
  return `'${relative.replace(/^\//, '')}'`;
}
