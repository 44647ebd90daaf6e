/**
 * PAD's own actions as the parameter rules (FC106, FC107) see them: every enabled action call of
 * a flow whose name the action catalog knows, with its catalog entry, and the lookups those rules
 * share (an argument by name, the sibling variants of an action).
 */
import { pathParams, type ActionInfo, type ParamInfo } from '../catalog/actions.js';
import type { ActionCall, ActionParam, Flow } from '../ir/flow.js';
import type { ActionCatalogApi } from './services.js';
import { flowStatements, statementActionsAt } from './walk.js';

export interface PadActionUse {
  call: ActionCall;
  info: ActionInfo;
}

/** Found once per flow and catalog: FC106 and FC107 both ask. */
const usesByFlow = new WeakMap<Flow, { actions: ActionCatalogApi; uses: readonly PadActionUse[] }>();

/**
 * Enabled calls of catalogued PAD actions (connector calls' `@` inputs are FC106/FC107's other
 * half). Computed once per flow and catalog; do not modify the array.
 */
export function padActionUses(flow: Flow, actions: ActionCatalogApi): readonly PadActionUse[] {
  const known = usesByFlow.get(flow);
  if (known?.actions === actions) return known.uses;
  const out: PadActionUse[] = [];
  // Statements nested in a disabled one are visited (as they always were): only the disabled statement itself is left out.
  const index = flowStatements(flow);
  const { statements } = index;
  for (let i = 0; i < statements.length; i++) {
    if (statements[i]!.disabled) continue;
    const calls = statementActionsAt(index, i);
    for (let n = 0; n < calls.length; n++) {
      const call = calls[n]!;
      const info = call.name.value ? actions.lookup(call.name.value) : undefined;
      if (info) out.push({ call, info });
    }
  }
  usesByFlow.set(flow, { actions, uses: out });
  return out;
}

const lowerPathNames = new WeakMap<ActionInfo, string[]>();

/**
 * The argument of `call` given to the entry's `k`th file or folder parameter (`pathParams(info)[k]`),
 * by name ignoring case, the first one when several match; undefined when not given.
 */
export function pathArgument(call: ActionCall, info: ActionInfo, k: number): ActionParam | undefined {
  const params = pathParams(info);
  let names = lowerPathNames.get(info);
  if (!names) lowerPathNames.set(info, (names = params.map((p) => p.name.toLowerCase())));
  const exact = params[k]!.name;
  const lower = names[k]!;
  for (const x of call.params) if (x.name.value === exact || x.name.value.toLowerCase() === lower) return x;
  return undefined;
}

/** An argument of the entry by script name, compared ignoring case (real scripts write `IsRegEx` and `IsRegex`). */
export function paramOf(info: ActionInfo, name: string): ParamInfo | undefined {
  return paramsByLowerName(info).get(name.toLowerCase());
}

const paramsByLower = new WeakMap<ActionInfo, Map<string, ParamInfo>>();

/** The entry's arguments by lower-case name, the first of a name winning (as `find` would); built once per entry. */
function paramsByLowerName(info: ActionInfo): Map<string, ParamInfo> {
  let m = paramsByLower.get(info);
  if (!m) {
    m = new Map();
    for (const p of info.params) {
      const k = p.name.toLowerCase();
      if (!m.has(k)) m.set(k, p);
    }
    paramsByLower.set(info, m);
  }
  return m;
}

/** The other variants of the same `Module.Action` (`File.ReadTextFromFile.ReadTextAsList` for `…ReadText`). */
export function siblingVariants(info: ActionInfo, actions: ActionCatalogApi): ActionInfo[] {
  if (info.variant === undefined) return [];
  return actions.inModule(info.module).filter((a) => a.action === info.action && a.name !== info.name);
}

/** How the designer calls an argument, for messages: `File (File path)`. */
export function paramLabel(p: ParamInfo): string {
  return p.label && p.label.toLowerCase().replace(/[^a-z0-9]/g, '') !== p.name.toLowerCase() ? `${p.name} (${p.label})` : p.name;
}
