/**
 * The engine: one run of flowc over a project — configuration and inputs (read by src/inputs/),
 * the per-file phase (this thread, worker threads or the cache), the project phase once, then
 * suppressions. This file is its public entry: cli/, scripts and tests use what it exports and
 * nothing else of src/engine/ (test/architecture.test.ts checks src/).
 */
export { buildServices, flowInputs, loadConfigFor, runPipeline, servicesData, type Pipeline, type PipelineOptions } from './pipeline.js';
export { analyzeFile, analyzeProject, sortDiagnostics, type FileAnalysis, type RuleSettings } from './analyze.js';
export type { PerFileDocument, PerFileStats } from './per-file.js';
export type { ServicesData } from './services-data.js';
