/**
 * PAD's own actions as the parameter rules (FC106, FC107) see them: every enabled action call of
 * a flow whose name the action catalog knows, with its catalog entry, and the lookups those rules
 * share (an argument by name, the sibling variants of an action).
 */
import type { ActionInfo, ParamInfo } from '../catalog/actions.js';
import type { ActionCall, Flow } from '../ir/flow.js';
import type { ActionCatalogApi } from './services.js';
import { forEachFlowStatement, statementActions } from './walk.js';

export interface PadActionUse {
  call: ActionCall;
  info: ActionInfo;
}

/** Enabled calls of catalogued PAD actions (connector calls' `@` inputs are FC106/FC107's other half). */
export function padActionUses(flow: Flow, actions: ActionCatalogApi): PadActionUse[] {
  const out: PadActionUse[] = [];
  forEachFlowStatement(flow, (s) => {
    if (s.disabled) return;
    for (const call of statementActions(s)) {
      const info = call.name.value ? actions.lookup(call.name.value) : undefined;
      if (info) out.push({ call, info });
    }
  });
  return out;
}

/** An argument of the entry by script name, compared ignoring case (real scripts write `IsRegEx` and `IsRegex`). */
export function paramOf(info: ActionInfo, name: string): ParamInfo | undefined {
  const key = name.toLowerCase();
  return info.params.find((p) => p.name.toLowerCase() === key);
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
