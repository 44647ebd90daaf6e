/**
 * `flowc graph [paths…] --format dot|mermaid|json [--out FILE]`: the project's dependency graph
 * (flows → subflows → connector actions → connection references → connectors, flow → child
 * flow), with stable node ids; `json` is graphlib's own serialisation.
 */
import path from 'node:path';
import { runPipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { reportUnreadFlows } from '../broken.js';
import type { CommonFlags } from '../args.js';
import { buildProjectGraph } from '../../analysis/project-graph.js';
import { GRAPH_FORMATS, renderGraph, stableGraph, type GraphFormat } from '../../report/graph-render.js';
import { inputsOf, refuseOwnInputs } from '../own-inputs.js';
import { writeFileAtomically } from '../../outputs/atomic-writer.js';

export async function graph(paths: string[], flags: CommonFlags, io: Io): Promise<number> {
  const format = (flags.format ?? 'dot') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) throw new UsageError(`unknown --format '${String(flags.format)}' for graph`, `formats: ${GRAPH_FORMATS.join(', ')}`);
  const out = (flags['out'] as string | undefined) ?? flags['output-file'];
  const p = await runPipeline({ paths, cwd: io.cwd, configPath: flags.config, encoding: flags.encoding as string | undefined });
  if (printInputErrors(p, io)) return EXIT_USAGE;
  if (await reportUnreadFlows(p, io, !!flags['ignore-errors'])) return EXIT_ERRORS;
  const text = renderGraph(stableGraph(buildProjectGraph(p.project), p.project), format);
  if (out) {
    const target = path.resolve(io.cwd, out);
    refuseOwnInputs([target], inputsOf(p), io.cwd);
    await writeFileAtomically(target, text);
  }
  else io.stdout(text);
  return EXIT_OK;
}
