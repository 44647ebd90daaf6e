/**
 * `flowc build`'s plan: every output file with its content, or the reasons it cannot be built.
 * Everything is computed (and every v2 document validated against the schema) before anything
 * is written, so a failure writes nothing; outputs/atomic-writer.ts then writes the files all together.
 */
import path from 'node:path';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import { lineIndexOf } from '../diagnostics/located.js';
import { describeErrors, getValidator } from '../inputs/json-validate.js';
import { clipboardText } from './clipboard.js';
import { deploymentSettingsText, mergeDeploymentSettings, readDeploymentSettings, type UsedReference } from './deployment-settings-merge.js';
import { fileNameKey, safeFileStem } from './names.js';
import type { CodegenProblem } from './references.js';
import { buildV2, type FlowInput } from './v2.js';
import type { OutputFile } from '../outputs/atomic-writer.js';

export type BuildFormat = 'v2' | 'clipboard';
export const BUILD_FORMATS: readonly BuildFormat[] = ['v2', 'clipboard'];

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
  /** How paths are shown in messages (default: as they are). */
  display?: (absolutePath: string) => string;
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
  files: OutputFile[];
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
  const show = opts.display ?? ((p: string) => p);
  const validate = getValidator('desktop-flow-v2');
  const files: OutputFile[] = [];
  const flows: BuildPlan['flows'] = [];
  const failures: BuildFailure[] = [];
  const used: UsedReference[] = [];
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

  for (const input of inputs) {
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
    const name = `${outputStem(input)}${extension}`;
    const who = input.doc.flowName !== undefined ? `${input.doc.path} (${input.doc.flowName})` : input.doc.path;
    if (!claim(name, who, where)) continue;
    const content = opts.format === 'v2' ? `${JSON.stringify(built.document, null, 2)}\n` : clipboardText(input.flow, built);
    files.push({ name, content });
    flows.push({ name: built.document.name, source: who, output: name });
    for (const r of built.references) used.push({ logicalName: r.fact.logicalName, connectorId: r.connectorId });
  }

  for (const env of opts.environments ?? []) {
    const name = `deploymentsettings.${env.name}.json`;
    const where: BuildFailure = { file: show(env.deploymentSettings), message: '' };
    if (!claim(name, `environment ${env.name}`, where)) continue;
    const existing = readDeploymentSettings(env.deploymentSettings, show(env.deploymentSettings));
    files.push({ name, content: deploymentSettingsText(mergeDeploymentSettings(existing, used)) });
  }
  return { files, flows, failures };
}
