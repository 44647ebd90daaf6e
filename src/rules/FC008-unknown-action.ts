import { closest } from '../util/suggest.js';
import type { ActionInfo } from '../catalog/actions.js';
import type { ActionCatalogApi } from '../analysis/services.js';
import { flowStatements, statementActionsAt } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/**
 * FC008 (warning): an action that is not in flowc's action catalog — generated from Microsoft's
 * actions reference, the Robin action knowledge base and real scripts, so a name it lacks is most
 * likely misspelt or hand-edited. The suggestion looks in the same module first (the part after
 * the module is compared, so `Text.ToUpper` is not "close" to `Text.ToNumber`) — among the
 * variants of the same action first, where a variant that is a prefix counts as near
 * (`Excel.LaunchExcel.LaunchNewDocument` → `Excel.LaunchExcel.Launch`) — then for an
 * action of that module whose documented title or summary has a word of the name (`Text.ToUpper`
 * → `Text.ChangeCase`, "Changes the casing of a text to uppercase, …"), then in every module.
 */
export const unknownAction: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC008',
    name: 'unknown-action',
    severity: 'warning',
    description: "An action is not in flowc's action catalog: it is misspelt, or flowc cannot check its parameters or types.",
    help: 'check the action name; if it is a real PAD action, flowc treats its outputs as values of unknown type',
  },
  check(ctx) {
    const actions = ctx.services.actions;
    const index = flowStatements(ctx.flow);
    for (let i = 0; i < index.statements.length; i++) {
      const calls = statementActionsAt(index, i);
      for (let n = 0; n < calls.length; n++) {
        const a = calls[n]!;
        if (!a.name.value || actions.has(a.name.value)) continue;
        const guess = suggest(a.name.value, actions);
        ctx.report({
          span: a.name.span,
          message: `unknown action '${a.name.value}'`,
          help: guess ?? this.meta.help,
        });
      }
    }
  },
};

function suggest(name: string, actions: ActionCatalogApi): string | undefined {
  const dot = name.indexOf('.');
  const module = dot > 0 ? name.slice(0, dot) : name;
  const rest = dot > 0 ? name.slice(dot + 1) : '';
  if (actions.isKnownModule(module) && rest) {
    const inModule = actions.inModule(module);
    // A known action with an unknown variant: its own variants rank first, and a variant the
    // written one starts with (or that starts with it) counts as near (`Excel.LaunchExcel.LaunchNewDocument`
    // → `Excel.LaunchExcel.Launch`, not `…LaunchAndOpen` of the same action, nor another action).
    const [action, variant] = rest.split('.');
    if (action && variant) {
      const own = inModule.filter((a) => !a.nameFromDocs && a.variant !== undefined && a.action.toLowerCase() === action.toLowerCase());
      const near = closest(variant, own.map((a) => a.variant!), { prefix: true });
      const hit = near === undefined ? undefined : own.find((a) => a.variant === near);
      if (hit) return `did you mean '${hit.name}'?`;
    }
    const byRest = new Map<string, ActionInfo>();
    for (const a of inModule) if (!a.nameFromDocs) byRest.set(a.name.slice(module.length + 1), a);
    const near = closest(rest, byRest.keys());
    if (near) return `did you mean '${module}.${near}'?`;
    // The same action with another variant: `File.ReadTextFromFile.ReadTxt` → its variants.
    const variants = inModule.filter((a) => a.action === action && !a.nameFromDocs).map((a) => a.name);
    if (variants.length) return `'${module}.${action}' has the variants ${variants.slice(0, 4).map((v) => `'${v}'`).join(', ')}${variants.length > 4 ? ', …' : ''}`;
    const byWord = byDocumentedWord(rest, inModule);
    if (byWord) {
      const what = `${byWord.title ?? ''}${byWord.summary ? `: ${byWord.summary}` : ''}`;
      // Only the documentation names it: its script spelling is not known, so point at the page.
      return byWord.nameFromDocs
        ? `did you mean the action "${byWord.title ?? byWord.action}"${byWord.doc ? ` (${byWord.doc})` : ''}?`
        : `did you mean '${byWord.name}' (${what})?`;
    }
  }
  const near = closest(name, actions.names());
  return near ? `did you mean '${near}'?` : undefined;
}

/**
 * The action of the module whose documented title or summary holds the most words (4+ letters) of
 * `rest`, when one action holds more than any other (variants of one action count once).
 */
function byDocumentedWord(rest: string, inModule: readonly ActionInfo[]): ActionInfo | undefined {
  const words = [
    ...new Set(
      rest
        .split(/[.\s]|(?<=[a-z])(?=[A-Z])/)
        .map((w) => w.toLowerCase())
        .filter((w) => w.length >= 4),
    ),
  ];
  if (!words.length) return undefined;
  // Per action (variants of one action are one answer; the spelling scripts use is preferred).
  const best = new Map<string, { info: ActionInfo; score: number }>();
  for (const a of inModule) {
    const text = `${a.title ?? ''} ${a.summary ?? ''}`.toLowerCase();
    if (!text.trim()) continue;
    const score = words.filter((w) => text.includes(w)).length;
    if (score === 0) continue;
    const key = `${a.module}.${a.action}`.toLowerCase();
    const prev = best.get(key);
    if (!prev || (prev.info.nameFromDocs && !a.nameFromDocs)) best.set(key, { info: a, score: Math.max(score, prev?.score ?? 0) });
  }
  const ranked = [...best.values()].sort((x, y) => y.score - x.score);
  const top = ranked[0];
  if (!top || (ranked[1] && ranked[1].score === top.score)) return undefined;
  const only = top.info;
  return only.nameFromDocs || only.variant === undefined ? only : { ...only, name: `${only.module}.${only.action}` };
}
