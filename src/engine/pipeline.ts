/**
 * The run shared by check, build, report, graph and access: configuration → inputs → per-file
 * phase over every document → project phase once. Only documents the user named are
 * `reported`; with a config file, the rest of the project (its `include`) is read too, so
 * cross-flow rules see every flow.
 */
import { defaultConfig, resolveConfig, environmentSettings, type LoadedConfig } from '../inputs/config.js';
import { resolveInputs } from '../inputs/discover.js';
import { InputError } from '../inputs/errors.js';
import { readConnectorFiles } from '../inputs/connector-files.js';
import type { SolutionContents, SourceDocument } from '../model/source.js';
import { loadDlpPolicies } from '../inputs/dlp-policies.js';
import { loadDeploymentSettings } from '../inputs/deployment-settings-file.js';
import { analyzeFile, analyzeProject, checkInput, sortDiagnostics, type FileAnalysis, type RuleSettings } from './analyze.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { ProjectModel } from '../analysis/project.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { allRules, rulesByCode } from '../rules/index.js';
import { applySuppressions, type KnownRules } from '../diagnostics/suppressions.js';
import type { Rule } from '../rules/rule.js';
import { compareStrings } from '../inputs/paths.js';
import { closest } from '../util/suggest.js';
import { servicesFrom, type ServicesData } from './services-data.js';
import { loadCache, runPerFilePhase, type PerFileDocument, type PerFileOptions, type PerFileStats } from './per-file.js';
import type { SolutionReadCache } from '../inputs/discover.js';
import { cacheFile } from './cache.js';
import type { Flow } from '../ir/flow.js';
import { parseFlow } from '../syntax/parse.js';

export interface PipelineOptions {
  paths: string[];
  cwd: string;
  /** Texts to check instead of what is on disk, by absolute path (`--fix-dry-run` checks the fixed texts without writing them). */
  overrides?: ReadonlyMap<string, string>;
  configPath?: string;
  /** Ignore any flowc.config.json (use the defaults rooted at cwd). */
  noConfig?: boolean;
  /** Folders a folder search leaves out (absolute): `flowc build`'s --out-dir, whose outputs are flows too. */
  excludeFolders?: string[];
  /** `--report-unused-suppressions` (overrides the config). */
  reportUnusedSuppressions?: 'off' | 'warning' | 'error';
  /** Environment to target (overrides the config's `environment`). */
  environment?: string;
  rules?: readonly Rule[];
  /** Threads for the per-file phase (`--threads`): N (this one and N − 1 workers) or 'auto'. Default 1. */
  threads?: number | 'auto';
  /** `--cache`: reuse per-file results of unchanged flows; `location` is `--cache-location`. */
  cache?: { location?: string };
  /** Keep every flow's IR in memory (default true); without it, `FileAnalysis.getOrParseFlow()` parses again. */
  keepIr?: boolean;
  /** Per-file results to reuse for identical documents (see PerFileOptions.reuse). */
  reuse?: PerFileOptions['reuse'];
  /** Documents read elsewhere (`flowc diff`: v2 flow records), reported like those of `paths`. */
  documents?: readonly SourceDocument[];
  /** Per-file progress (`done` of `total` documents): the CLI's progress line. */
  onProgress?: PerFileOptions['onProgress'];
  /**
   * `--ignore-unknown`: a named file that is not a flow by its content (a README, a licence…) is
   * passed over, as a folder search passes it over, and a run left with nothing checks nothing
   * (not the usage error "no flows found"). What a pre-commit hook needs: it passes every staged
   * file its pattern matches.
   */
  ignoreUnknown?: boolean;
  /** `--encoding` (overrides the config's `encoding`, validated by the CLI): the code page of flow text files that are not UTF-8. */
  encoding?: string;
}

export interface Pipeline {
  config: LoadedConfig;
  services: AnalysisServices;
  /** Every document read (reported ones first in input order, then the rest of the project). */
  analyses: FileAnalysis[];
  project: ProjectModel;
  solutions: SolutionContents[];
  /** Diagnostics of reported documents, by document, sorted. */
  results: {
    doc: SourceDocument;
    analysis: FileAnalysis;
    diagnostics: Diagnostic[];
    suppressed: Diagnostic[];
    /** Set for a file that could not be read or decoded (FC010): why. Its analysis is of no flow; it is in no project. */
    unreadable?: string;
  }[];
  inputErrors: InputError[];
  /** How many documents were analysed, taken from the cache, and on how many threads. */
  stats: PerFileStats;
  /** Each document's per-file result, as `analyses` (what another run may reuse: PipelineOptions.reuse). */
  perFile: readonly PerFileDocument[];
}

export function loadConfigFor(cwd: string, configPath: string | undefined): LoadedConfig {
  const ruleNames: Record<string, string> = {};
  for (const r of allRules) ruleNames[r.meta.name] = r.meta.code;
  return resolveConfig({ cwd, configPath, knownRuleCodes: rulesByCode.keys(), ruleNames });
}

export function buildServices(config: LoadedConfig, environment?: string): AnalysisServices {
  return servicesFrom(servicesData(config, environment));
}

/** The services as plain data (what worker threads rebuild them from, what the cache hashes). */
export function servicesData(config: LoadedConfig, environment?: string): ServicesData {
  const extra = readConnectorFiles(config.config.connectors ?? [], config.dir);
  const env = environmentSettings(config, environment ?? config.config.environment);
  return {
    extraConnectors: extra,
    settings: {
      environment: env.name,
      ewsPolicy: env.ewsPolicy ? { enabled: env.ewsPolicy.enabled, allowedUserAgents: env.ewsPolicy.allowedUserAgents ?? [] } : undefined,
      dlpPolicies: loadDlpPolicies(env.dlpPolicies, config.dir),
      deploymentSettings: loadDeploymentSettings(env.deploymentSettings, config.dir),
    },
  };
}

export async function runPipeline(opts: PipelineOptions): Promise<Pipeline> {
  const config = opts.noConfig ? defaultConfig(opts.cwd) : loadConfigFor(opts.cwd, opts.configPath);
  const data = servicesData(config, opts.environment);
  const services = servicesFrom(data);
  const rules = opts.rules ?? allRules;
  const settings: RuleSettings = { severities: config.rules };
  const encoding = opts.encoding ?? config.config.encoding;

  // Loaded before the inputs are read: it also holds what solution zips contained.
  const cache = opts.cache && rules === allRules ? loadCache(cacheFile(opts.cache.location, opts.cwd, config.dir), { settings, servicesData: data, encoding }) : undefined;
  const solutionCache: SolutionReadCache | undefined = cache && {
    get: (file, key) => cache.getSolution(file, key),
    set: (file, key, solution) => cache.setSolution(file, key, solution),
  };

  const extra = opts.documents ?? [];
  const named = opts.paths.length > 0 || extra.length > 0;
  // `include` and `exclude` are relative to the configuration's folder, whichever folder is given.
  const search = {
    include: config.config.include,
    exclude: config.exclude,
    base: config.file ? config.dir : undefined,
    flows: config.config.flows,
    // In a configured project, solutions are build outputs unless `include` lists them.
    searchSolutions: !config.file,
    excludeFolders: opts.excludeFolders,
    encoding,
  };
  const resolved =
    opts.paths.length > 0 || !named
      ? await resolveInputs(named ? opts.paths : [config.dir], { cwd: opts.cwd, ...search, solutionCache, namedByContent: opts.ignoreUnknown })
      : { documents: [], solutions: [], errors: [] };
  const given = { ...resolved, documents: [...resolved.documents, ...extra] };
  // A flow file that cannot be read or decoded is a diagnostic on that file (FC010); the others are still checked.
  const unreadable = given.errors.filter((e) => e.unreadable);
  const inputErrors = given.errors.filter((e) => !e.unreadable);
  if (opts.overrides?.size) {
    given.documents = given.documents.map((d) => {
      const text = d.origin === 'file' ? opts.overrides!.get(d.absolutePath) : undefined;
      return text === undefined ? d : { ...d, text };
    });
  }
  if (named && given.documents.length === 0 && given.errors.length === 0 && !opts.ignoreUnknown) {
    throw new InputError(`no flows found in ${opts.paths.join(', ')}`, opts.paths.join(', '));
  }
  let others: SourceDocument[] = [];
  const solutions = [...given.solutions];
  if (named && config.file) {
    // The rest of the project, for cross-flow rules.
    const rest = await resolveInputs([config.dir], { cwd: opts.cwd, ...search, solutionCache });
    const seen = new Set(given.documents.map(docKey));
    others = rest.documents.filter((d) => !seen.has(docKey(d)));
    for (const s of rest.solutions) if (!solutions.some((x) => x.path === s.path)) solutions.push(s);
  }

  const perFile = await runPerFilePhase([...given.documents, ...others], {
    services,
    servicesData: data,
    rules,
    settings,
    threads: opts.threads,
    resultCache: cache,
    keepIr: opts.keepIr,
    reuse: opts.reuse,
    onProgress: opts.onProgress,
  });
  const analyses: FileAnalysis[] = perFile.documents.map((d) => d.analysis);
  const project: ProjectModel = {
    documents: perFile.documents.map((d, index) => ({ index, doc: d.analysis.doc, facts: d.analysis.facts, flow: d.flow, reported: index < given.documents.length })),
  };
  const projectDiagnostics = analyzeProject(project, services, rules, settings);
  const unusedSeverity = opts.reportUnusedSuppressions ?? config.rules['FC009'] ?? config.config.reportUnusedSuppressions ?? 'warning';
  const results: Pipeline['results'] = analyses.slice(0, given.documents.length).map((analysis, i) => {
    const all = [...analysis.diagnostics, ...(projectDiagnostics.get(i) ?? [])];
    const s = applySuppressions(analysis.doc.text, perFile.documents[i]!.comments, all, unusedSeverity, knownRules());
    return { doc: analysis.doc, analysis, diagnostics: sortDiagnostics([...s.kept, ...s.unused]), suppressed: s.suppressed };
  });
  if (unreadable.length > 0) {
    for (const e of unreadable) {
      const u = e.unreadable!;
      const doc: SourceDocument = { path: e.path, absolutePath: u.absolutePath, text: u.text ?? '', origin: 'file' };
      // Analysed with no rules: only for what output needs (where the shown text holds secrets, to mask them).
      results.push({ doc, analysis: analyzeFile(doc, services, [], settings), diagnostics: checkInput(rules, settings, doc, u.problem, u.span, u.solution ? 'solution' : 'file'), suppressed: [], unreadable: u.problem });
    }
    results.sort((a, b) => compareStrings(a.doc.path, b.doc.path) || compareStrings(a.doc.flowName ?? '', b.doc.flowName ?? ''));
  }
  return { config, services, analyses, project, solutions, results, inputErrors, stats: perFile.stats, perFile: perFile.documents };
}

function docKey(d: SourceDocument): string {
  return `${d.absolutePath}\u0000${d.flowName ?? ''}`;
}

let known: KnownRules | undefined;
/** Every rule's code and name, for suppression comments (which may name rules either way). */
function knownRules(): KnownRules {
  if (!known) {
    const codes = new Set(rulesByCode.keys());
    const names = new Map(allRules.map((r) => [r.meta.name, r.meta.code]));
    const candidates = [...codes, ...names.keys()];
    known = { codes, names, suggest: (word) => closest(word.toUpperCase().startsWith('FC') ? word.toUpperCase() : word.toLowerCase(), candidates) };
  }
  return known;
}

/**
 * The reported flows for code generation (`flowc build`) from a run made with `keepIr: false`:
 * each flow's IR is parsed again when first read and only the last one is kept, so memory stays
 * flat in the number of flows however many there are (a code generator reads the flows one after
 * the other). The IR is the one the per-file phase built: the same parse of the same text.
 */
export function flowInputs(p: Pick<Pipeline, 'results'>): { doc: SourceDocument; flow: Flow; facts: FileAnalysis['facts'] }[] {
  let last: { doc: SourceDocument; flow: Flow } | undefined;
  const flowOf = (doc: SourceDocument): Flow => (last?.doc === doc ? last.flow : (last = { doc, flow: parseFlow(doc.text).flow }).flow);
  return p.results.map((r) => ({
    doc: r.doc,
    facts: r.analysis.facts,
    get flow(): Flow {
      return flowOf(r.doc);
    },
  }));
}
