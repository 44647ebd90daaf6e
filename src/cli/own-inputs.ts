/**
 * An output must never replace an input of the same run: `check --output-file a.flow`,
 * `report --out s.zip` or `graph --out flowc.config.json` would destroy what was just read (and,
 * on a stranger's pull request, what the next step checks). The files a run read are its
 * documents, its solutions (a zip, or everything under an unpacked solution folder), the config
 * and the files it names (connector metadata, DLP policies, the connections inventory). Compared
 * by real path, so a link or `./x/../a.flow` is caught too.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Pipeline } from '../engine/index.js';
import { UsageError } from './errors.js';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    // Not there yet: its folder's real path, and its name.
    try {
      return path.join(realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

const fold = (p: string): string => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);

/** The files (and solution folders) a pipeline run read. */
export function inputsOf(p: Pick<Pipeline, 'analyses' | 'solutions' | 'config'>): { files: string[]; folders: string[] } {
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const a of p.analyses) files.add(a.doc.absolutePath);
  for (const s of p.solutions) (s.format === 'folder' ? folders : files).add(s.absolutePath);
  const c = p.config;
  if (c.file) files.add(c.file);
  const named = [...(c.config.connectors ?? []), ...(c.config.dlpPolicies ?? []), ...(c.config.connections ? [c.config.connections] : [])];
  for (const env of Object.values(c.config.environments ?? {})) named.push(...(env?.dlpPolicies ?? []));
  for (const f of named) files.add(path.resolve(c.dir, f));
  return { files: [...files], folders: [...folders] };
}

/** Throws a UsageError (exit 2, nothing written) when one of `targets` is, or is inside, an input. */
export function refuseOwnInputs(targets: readonly string[], inputs: { files: readonly string[]; folders: readonly string[] }, cwd: string): void {
  const refuse = ownInputsGuard(inputs, cwd);
  for (const target of targets) refuse(target);
}

/**
 * refuseOwnInputs for targets that come one at a time (`flowc build` stages each record as it is
 * generated): the inputs' real paths are resolved once, and each call checks one target.
 */
export function ownInputsGuard(inputs: { files: readonly string[]; folders: readonly string[] }, cwd: string): (target: string) => void {
  const files = new Set(inputs.files.map((f) => fold(real(f))));
  const folders = inputs.folders.map((f) => fold(real(f)));
  return (target) => {
    const t = fold(real(target));
    const inside = folders.find((f) => t === f || t.startsWith(f + path.sep));
    if (files.has(t) || inside) {
      const shown = path.relative(cwd, target) || target;
      throw new UsageError(
        `refusing to write ${shown}: it is ${inside ? 'inside the solution folder' : 'a file'} this command reads`,
        'choose another output path; flowc never overwrites its own inputs',
      );
    }
  };
}
