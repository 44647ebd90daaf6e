/**
 * A v2 record's `<Inputs>` and `<Outputs>`: the JSON schemas PAD derives from `@INPUT` and
 * `@OUTPUT` declarations, written exactly as the real records show them (checked against the 23
 * PADFramework flows by test/roundtrip.test.ts):
 *
 * - one property per variable, in declaration order, keyed by the variable's name;
 * - inputs: `isOptional, default, description, format, title, type, value`; outputs the same
 *   without `isOptional`; `default` is always "";
 * - `type` from the declaration's `Type` (String → string, Numeric → number, Bool → boolean,
 *   List/Datatable → array, CustomObject → object); `format` "password" for `@SENSITIVE`
 *   variables, else null; `title` the `FriendlyName`;
 * - `value` the `DefaultValue` as PAD prints it ("" / "False" / "0" / "[\r\n]\r\n" / "{  }"),
 *   null for sensitive variables and when there is no default;
 * - inputs list the non-optional ones in `required`; `{"schema": null}` when there are none.
 */
import type { Expr, Flow, FlowVariableDecl, ObjectExpr } from '../ir/flow.js';
import type { FlowVariable, FlowVariables } from '../generated/desktop-flow-v2.js';
import { toCrlf } from './definition.js';

const TYPES: Readonly<Record<string, string>> = {
  string: 'string',
  text: 'string',
  numeric: 'number',
  number: 'number',
  bool: 'boolean',
  boolean: 'boolean',
  list: 'array',
  datatable: 'array',
  customobject: 'object',
  object: 'object',
};

function property(obj: ObjectExpr | undefined, key: string): Expr | undefined {
  const k = key.toLowerCase();
  for (const e of obj?.entries ?? []) {
    if (e.key.kind === 'text' && e.key.value.toLowerCase() === k) return e.value;
  }
  return undefined;
}

function textOf(e: Expr | undefined): string | undefined {
  return e?.kind === 'text' ? e.value : undefined;
}

/** A default value as PAD prints it in `value`; source text for shapes the corpus does not show. */
function printValue(e: Expr, source: string): string {
  switch (e.kind) {
    case 'text':
      return toCrlf(e.value);
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'number':
      return e.raw;
    case 'list':
      if (e.items.length === 0) return '[\r\n]\r\n';
      break;
    case 'object':
      if (e.entries.length === 0) return '{  }';
      break;
    default:
      break;
  }
  return toCrlf(source.slice(e.span.start, e.span.end));
}

function variable(decl: FlowVariableDecl, sensitive: boolean, source: string): FlowVariable {
  const props = decl.properties;
  const type = textOf(property(props, 'Type'));
  const optional = property(props, 'IsOptional');
  const dflt = property(props, 'DefaultValue');
  // Built as a plain record: the generated type reads the schema's untyped `default` as an object.
  const v: Record<string, unknown> = {};
  if (decl.kind === 'input') v['isOptional'] = optional?.kind === 'bool' ? optional.value : false;
  v['default'] = '';
  v['description'] = toCrlf(textOf(property(props, 'Description')) ?? '');
  v['format'] = sensitive ? 'password' : null;
  v['title'] = textOf(property(props, 'FriendlyName')) ?? decl.name.value;
  const typeKey = type?.replace(/\s+/g, '').toLowerCase();
  v['type'] = typeKey !== undefined && Object.hasOwn(TYPES, typeKey) ? TYPES[typeKey] : 'string';
  v['value'] = sensitive || dflt === undefined ? null : printValue(dflt, source);
  return v as FlowVariable;
}

/** `{schema: …}` for the flow's inputs or outputs. */
export function flowVariables(flow: Flow, text: string, kind: 'input' | 'output'): FlowVariables {
  const decls = kind === 'input' ? flow.inputs : flow.outputs;
  if (decls.length === 0) return { schema: null };
  const sensitive = new Set(flow.sensitive.map((s) => s.value.toLowerCase()));
  const properties: Record<string, FlowVariable> = {};
  const required: string[] = [];
  for (const d of decls) {
    const v = variable(d, sensitive.has(d.name.value.toLowerCase()), text);
    if (!Object.hasOwn(properties, d.name.value) && kind === 'input' && v.isOptional === false) required.push(d.name.value);
    // defineProperty: a variable may be called `__proto__`.
    Object.defineProperty(properties, d.name.value, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return { schema: kind === 'input' ? { required, properties, type: 'object' } : { properties, type: 'object' } };
}
