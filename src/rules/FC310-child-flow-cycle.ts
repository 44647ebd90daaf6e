import type { ProjectRule } from './rule.js';
import { childFlowCycles, childFlowGraph, childFlowPath, childFlowTargets, reachableChildFlows, resolveChildFlow } from '../analysis/project-graph.js';

/**
 * FC310 (project, warning): child flows run each other in a cycle (`External.RunFlow`, a flow
 * that runs itself, directly or through other child flows). Reported on every member of the
 * cycle that was asked about, at its call that stays in the cycle, with the whole cycle spelt out.
 */
export const childFlowCycle: ProjectRule = {
  kind: 'project',
  meta: {
    code: 'FC310',
    name: 'child-flow-cycle',
    severity: 'warning',
    description: 'Desktop flows run each other as child flows in a cycle, so a run can start itself again and never finish.',
    help: 'break the cycle: remove one of the External.RunFlow calls that lead back to the flow',
  },
  check(ctx) {
    const docs = ctx.project.documents;
    if (!docs.some((d) => d.facts.childFlows.length > 0)) return;
    const g = childFlowGraph(ctx.project);
    const cycles = childFlowCycles(g).sort((a, b) => a[0]! - b[0]!);
    if (cycles.length === 0) return;
    const targets = childFlowTargets(ctx.project);
    const name = (i: number): string => `'${docs[i]!.facts.name}'`;
    for (const members of cycles) {
      const inCycle = new Set(members);
      for (const m of members) {
        const d = docs[m]!;
        if (!d.reported) continue;
        for (const call of d.facts.childFlows) {
          if (call.disabled) continue;
          const t = resolveChildFlow(targets, call);
          if (t === undefined || !inCycle.has(t)) continue;
          const back = t === m ? [m] : childFlowPath(reachableChildFlows(g, t), m);
          const cycle = [m, ...back];
          ctx.report(m, {
            span: call.flowIdSpan ?? call.span,
            message:
              t === m
                ? `flow '${d.facts.name}' runs itself as a child flow`
                : `child flows run each other in a cycle: ${cycle.map(name).join(' → ')}`,
            help: t === m ? `remove this External.RunFlow: a desktop flow that runs itself never finishes` : `break the cycle: remove this External.RunFlow to ${name(t)}, or the call in ${name(back[back.length - 2] ?? t)} that leads back to '${d.facts.name}'`,
          });
          break; // one call per member is enough to show the cycle
        }
      }
    }
  },
};
