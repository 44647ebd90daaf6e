/**
 * `flowc build`'s plan: every output file with its content, or the reasons it cannot be built.
 * Everything is computed (and every v2 document validated against the schema) before anything
 * is written, so a failure writes nothing; outputs/atomic-writer.ts then writes the files all together
 * (`buildOutputs` gives them one at a time, for a writer that stages each as it comes).
 */
import path from 'node:path';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import { lineIndexOf } from '../diagnostics/located.js';
import { getValidator } from '../inputs/schema-registry.js';
import { describeErrors } from '../inputs/schema-issues.js';
import { clipboardText } from './clipboard.js';
import { deploymentSettingsText, mergeDeploymentSettings, readDeploymentSettings, type UsedReference } from './deployment-settings-merge.js';
import { fileNameKey, safeFileStem } from './names.js';
import type { CodegenProblem } from './references.js';
import { commonManifest, planSolutions, resolveSolutions, type SolutionFlow } from './solution.js';
import { buildV2, type FlowInput } from './v2.js';
import type { WritableFile } from '../outputs/atomic-writer.js';
import type { Solution as SolutionConfig } from '../generated/flowc.config.js';

export type BuildFormat = 'v2' | 'clipboard' | 'solution';
export const BUILD_FORMATS: readonly BuildFormat[] = ['v2', 'clipboard', 'solution'];

/** `--format solution`: which solutions (config `solutions`), how to name the default one, the version override, zip or folder. */
export interface SolutionBuildOptions {
  configured?: readonly SolutionConfig[];
  /** The project folder's name: the default solution's unique name is made from it. */
  projectName: string;
  /** `--solution-version`: overrides every solution's version. */
  version?: string;
  unpacked: boolean;
  /** How messages name the config file (problems of the `solutions` config). */
  configFile?: string;
}

export interface BuildEnvironment {
  name: string;
  /** Absolute path of the environment's configured deployment settings file (read, merged, written to the output folder). */
  deploymentSettings: string;
}

export interface BuildOptions {
  format: BuildFormat;
  flowcVersion: string;
  /** The project folder: `flowc.source` paths are relative to it. */
  projectDir: string;
  /** Absolute path of the output folder (to refuse overwriting an input). */
  outDir: string;
  connectors?: ConnectorCatalog;
  environments?: readonly BuildEnvironment[];
  /** For `format: 'solution'`. */
  solution?: SolutionBuildOptions;
  /** How paths are shown in messages (default: as they are). */
  display?: (absolutePath: string) => string;
  /** Called as each flow is taken up (`done` of `total` flows generated so far), and once at the end: the CLI's progress line. */
  onProgress?: (done: number, total: number) => void;
}

/** Why one flow (or the build) cannot be built. */
export interface BuildFailure {
  /** Display path of the flow's file (or solution). */
  file: string;
  flow?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface BuildPlan {
  files: WritableFile[];
  /** Per flow built: its name, source and output file name. */
  flows: { name: string; source: string; output: string }[];
  failures: BuildFailure[];
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `<stem>` of a flow's output: the `.flow` file's stem, or a safe slug of the flow's name inside a solution or of a flow folder's name. */
export function outputStem(input: FlowInput): string {
  if (input.doc.origin === 'solution') return safeFileStem(input.facts.name);
  // A flow folder (`invoice/source/main.txt`, …) is named by its flow folder, not by `source`.
  if (input.doc.origin === 'folder') return safeFileStem(input.doc.flowName ?? input.facts.name);
  const base = path.basename(input.doc.absolutePath);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** `flowc build`'s output for every flow, plus each environment's deployment settings. */
export function planBuild(inputs: readonly FlowInput[], opts: BuildOptions): BuildPlan {
  const plan: BuildPlan = { files: [], flows: [], failures: [] };
  for (const file of buildOutputs(inputs, opts, plan)) plan.files.push(file);
  return plan;
}

/**
 * `flowc build`'s output files one at a time, in planBuild's order: a flow's file as soon as it
 * is generated (v2 and clipboard; a solution is yielded once every flow is in), so a caller can
 * write each one without holding them all (`flowc build` stages them as they come). `into`
 * receives the flows built and the failures as they are found: the files yielded make a build
 * only if `into.failures` is still empty once the generator is done.
 */
export function* buildOutputs(inputs: readonly FlowInput[], opts: BuildOptions, into: Pick<BuildPlan, 'flows' | 'failures'>): Generator<WritableFile, void, undefined> {
  const show = opts.display ?? ((p: string) => p);
  const validate = getValidator('desktop-flow-v2');
  const solutionFlows: SolutionFlow[] = [];
  const { flows, failures } = into;
  const used: UsedReference[] = [];
  const referenceConnectors = new Map<string, { connector: string; who: string }>();
  const taken = new Map<string, string>(); // file name key → the source that takes it
  const inputFiles = new Set(inputs.map((i) => path.resolve(i.doc.absolutePath)));
  const extension = opts.format === 'v2' ? '.json' : '.txt';

  const claim = (name: string, who: string, where: BuildFailure): boolean => {
    const key = fileNameKey(name);
    const other = taken.get(key);
    if (other !== undefined) {
      failures.push({ ...where, message: `its output ${name} would also be written by ${other}; rename one of the flows` });
      return false;
    }
    if (inputFiles.has(path.resolve(opts.outDir, name))) {
      failures.push({ ...where, message: `its output ${name} would overwrite an input file; choose another --out-dir` });
      return false;
    }
    taken.set(key, who);
    return true;
  };

  for (const [index, input] of inputs.entries()) {
    opts.onProgress?.(index, inputs.length);
    const where: BuildFailure = { file: input.doc.path, ...(input.doc.flowName !== undefined ? { flow: input.doc.flowName } : {}), message: '' };
    const fail = (p: CodegenProblem): void => {
      const pos = p.offset !== undefined ? lineIndexOf(input.doc).position(p.offset) : undefined;
      failures.push({ ...where, ...(pos ? { line: pos.line, column: pos.column } : {}), message: p.message });
    };
    const source = toPosix(path.relative(opts.projectDir, input.doc.absolutePath)) || path.basename(input.doc.absolutePath);
    const { built, problems } = buildV2(input, {
      flowcVersion: opts.flowcVersion,
      source,
      ...(opts.connectors ? { connectors: opts.connectors } : {}),
    });
    problems.forEach(fail);
    if (!built) continue;
    if (!validate(built.document)) {
      for (const issue of describeErrors(validate.errors, built.document)) {
        fail({ message: `the built document is not valid: ${issue.jsonPath}: ${issue.message}` });
      }
      continue;
    }
    const who = input.doc.flowName !== undefined ? `${input.doc.path} (${input.doc.flowName})` : input.doc.path;
    if (opts.format === 'solution') {
      // Its references go into the deployment settings once it is in a solution (below).
      solutionFlows.push({ input, built, where: { file: where.file, ...(where.flow !== undefined ? { flow: where.flow } : {}) } });
      continue;
    }
    const name = `${outputStem(input)}${extension}`;
    if (!claim(name, who, where)) continue;
    const content = opts.format === 'v2' ? `${JSON.stringify(built.document, null, 2)}\n` : clipboardText(input.flow, built);
    yield { name, content };
    flows.push({ name: built.document.name, source: who, output: name });
    for (const r of built.references) {
      // One logical name, one connector (FC311 reports it; this holds even with FC311 turned off).
      const key = r.fact.logicalName.toLowerCase();
      const first = referenceConnectors.get(key);
      if (first && first.connector !== r.fact.connector) {
        fail({ message: `connection reference ${r.fact.logicalName} is for ${r.fact.connector} here but for ${first.connector} in ${first.who}; a connection reference has one connector (FC311)` });
      } else if (!first) referenceConnectors.set(key, { connector: r.fact.connector, who });
      used.push({ logicalName: r.fact.logicalName, connectorId: r.connectorId });
    }
  }

  opts.onProgress?.(inputs.length, inputs.length);

  if (opts.format === 'solution') {
    const solution = opts.solution ?? { projectName: path.basename(opts.projectDir), unpacked: false };
    const fromManifest = commonManifest(solutionFlows);
    const { specs, problems } = resolveSolutions(solution.configured, {
      projectName: solution.projectName,
      ...(solution.version !== undefined ? { version: solution.version } : {}),
      ...(fromManifest ? { fromManifest } : {}),
    });
    const planned = problems.length
      ? { files: [], solutions: [], problems }
      : planSolutions(specs, solutionFlows, {
          unpacked: solution.unpacked,
          incomplete: failures.length > 0,
          ...(opts.connectors ? { connectors: opts.connectors } : {}),
        });
    const configFile = solution.configFile ?? 'flowc.config.json';
    for (const p of planned.problems) failures.push({ file: p.file ?? configFile, ...(p.flow !== undefined ? { flow: p.flow } : {}), message: p.message });
    const inSomeSolution = new Set<SolutionFlow>();
    for (const s of planned.solutions) {
      const top = s.output.replace(/\/$/, '');
      if (!claim(top, `solution ${s.spec.uniqueName}`, { file: configFile, message: '' })) continue;
      for (const f of solutionFlows) {
        if (s.spec.flows && !s.spec.flows.some((n) => n.toLowerCase() === f.built.document.name.toLowerCase())) continue;
        flows.push({ name: f.built.document.name, source: f.where.flow !== undefined ? `${f.where.file} (${f.where.flow})` : f.where.file, output: s.output });
        inSomeSolution.add(f);
      }
    }
    // The deployment settings bind what the solutions hold, in source order.
    for (const f of solutionFlows) {
      if (!inSomeSolution.has(f)) continue;
      for (const r of f.built.references) used.push({ logicalName: r.fact.logicalName, connectorId: r.connectorId });
    }
    yield* planned.files;
  }

  for (const env of opts.environments ?? []) {
    const name = `deploymentsettings.${env.name}.json`;
    const where: BuildFailure = { file: show(env.deploymentSettings), message: '' };
    if (!claim(name, `environment ${env.name}`, where)) continue;
    const existing = readDeploymentSettings(env.deploymentSettings, show(env.deploymentSettings));
    yield { name, content: deploymentSettingsText(mergeDeploymentSettings(existing, used)) };
  }
}
