import type { ProjectRule } from './rule.js';
import type { RelatedLocation } from '../model/diagnostic.js';
import type { ProjectDocument } from '../analysis/project.js';
import { childFlowGraph, childFlowPath, childFlowTargets, reachableChildFlows, resolveChildFlow } from '../analysis/project-graph.js';
import { cloudRunModes, cloudRunProblems, declarationSpan, hasCloudRunProblems, listWords, type CloudRunProblems } from '../analysis/sharing.js';
import { whoCanEmbed } from './FC302-cloud-run-requires-embedded.js';

/**
 * FC306 (project): a flow that allows cloud-initiated runs runs a child desktop flow
 * (`External.RunFlow`, matched by flow id, else by `@@flowname`) that could not run
 * cloud-initiated itself: it contains cloud connector actions and uses the v1 schema (FC301), or it is shared and does not embed a
 * connection reference it uses (FC302). Child flows of child flows count too: the child-flow
 * graph is followed transitively, each flow visited once (cycles are FC310's business).
 *
 * One diagnostic per calling flow and broken flow, on the first call that leads to it, with the
 * clauses to change in the child as related locations.
 */
export const childFlowCloudRun: ProjectRule = {
  kind: 'project',
  meta: {
    code: 'FC306',
    name: 'child-flow-cloud-run',
    severity: 'error',
    description: 'A flow that allows cloud-initiated runs runs a child desktop flow that could not run cloud-initiated itself (cloud connector actions with the v1 schema, or shared with a connection reference that is not embedded).',
    help: 'fix the child flow (migrate it to the v2 schema, embed every connection reference when it is shared), or stop allowing cloud-initiated runs of the calling flow',
  },
  check(ctx) {
    const docs = ctx.project.documents;
    if (!docs.some((d) => d.reported && cloudRunModes(d.facts).length > 0 && d.facts.childFlows.some((c) => !c.disabled))) return;
    const g = childFlowGraph(ctx.project);
    const targets = childFlowTargets(ctx.project);
    const problems = new Map<number, CloudRunProblems>();
    const problemsOf = (i: number): CloudRunProblems => {
      let p = problems.get(i);
      if (!p) problems.set(i, (p = cloudRunProblems(docs[i]!.facts)));
      return p;
    };
    const reaches = new Map<number, Map<number, number | undefined>>();
    const name = (i: number): string => `'${docs[i]!.facts.name}'`;

    for (const d of docs) {
      if (!d.reported) continue;
      const modes = cloudRunModes(d.facts);
      if (modes.length === 0) continue;
      const done = new Set<number>();
      for (const call of d.facts.childFlows) {
        if (call.disabled) continue;
        const child = resolveChildFlow(targets, call);
        if (child === undefined) continue;
        let reach = reaches.get(child);
        if (!reach) reaches.set(child, (reach = reachableChildFlows(g, child)));
        for (const t of reach.keys()) {
          // The caller itself (reached through a cycle) gets its own FC301/FC302.
          if (t === d.index || done.has(t)) continue;
          const p = problemsOf(t);
          if (!hasCloudRunProblems(p)) continue;
          done.add(t);
          const path = childFlowPath(reach, t);
          const target = docs[t]!;
          const what = describe(target, p);
          const via = path.length > 1 ? `, which runs ${path.slice(1).map(name).join(' → ')}` : '';
          const subject = path.length > 1 ? `; ${name(t)} could not` : ', which could not';
          const related: RelatedLocation[] = [];
          if (d.facts.runsSpan) related.push({ span: d.facts.runsSpan, message: `cloud-initiated runs (${listWords(modes)}) are allowed here` });
          related.push(...childLocations(t, target, p));
          ctx.report(d.index, {
            span: call.flowIdSpan ?? call.span,
            message: `flow '${d.facts.name}' allows cloud-initiated runs (${listWords(modes)}) and runs child flow ${name(child)}${via}${subject} run cloud-initiated itself: ${what.problem}`,
            help: `in ${name(t)} (${target.doc.path}${target.doc.flowName !== undefined && target.doc.flowName !== target.facts.name ? ` › ${target.doc.flowName}` : ''}): ${what.fix}; or remove ${listWords(modes)} from RUNS of '${d.facts.name}'`,
            related,
          });
        }
      }
    }
  },
};

function describe(target: ProjectDocument, p: CloudRunProblems): { problem: string; fix: string } {
  const problems: string[] = [];
  const fixes: string[] = [];
  if (p.v1) {
    problems.push('it contains cloud connector actions and uses the v1 schema');
    fixes.push('migrate it to the Power Automate v2 schema in Power Automate, then write SCHEMA V2');
  }
  if (p.notEmbedded.length) {
    const names = p.notEmbedded.map((u) => u.ref.name);
    problems.push(`it is shared and connection reference${names.length > 1 ? 's' : ''} ${listWords(names)} ${names.length > 1 ? 'are' : 'is'} not embedded`);
    for (const u of p.notEmbedded) fixes.push(`mark connection reference ${u.ref.name} as EMBEDDED — ${whoCanEmbed(target.facts, u.ref)}`);
  }
  return { problem: problems.join(', and '), fix: fixes.join('; ') };
}

function childLocations(index: number, target: ProjectDocument, p: CloudRunProblems): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (p.v1 && target.facts.schemaSpan) out.push({ documentIndex: index, span: target.facts.schemaSpan, message: `'${target.facts.name}' uses the v1 schema here` });
  if (p.v1 && p.firstConnectorAction) out.push({ documentIndex: index, span: p.firstConnectorAction.nameSpan, message: `'${target.facts.name}' contains cloud connector actions, like this one` });
  for (const u of p.notEmbedded) {
    const span = declarationSpan(target.doc.text, u);
    if (span) out.push({ documentIndex: index, span, message: `connection reference ${u.ref.name} of '${target.facts.name}' is not embedded` });
  }
  return out;
}
