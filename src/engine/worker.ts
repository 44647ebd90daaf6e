/**
 * A worker thread of `--threads N` (src/engine/threads.ts): runs the per-file phase on the batches
 * of documents the main thread sends and answers with each document's FileResult (facts,
 * diagnostics, suppression comments) in batch order. Loads only the analysis code: no
 * configuration, inputs, output or report code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type RuleSettings } from './analyze.js';
import { toFileResult, type FileResult } from './file-result.js';
import type { SourceDocument } from '../model/source.js';
import { allRules } from '../rules/index.js';
import { servicesFrom, type ServicesData } from './services-data.js';

export interface WorkerInit {
  services: ServicesData;
  settings: RuleSettings;
}

export interface WorkerRequest {
  batch: number;
  docs: SourceDocument[];
}

export type WorkerReply = { batch: number; results: FileResult[] } | { batch: number; error: string };

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const services = servicesFrom(init.services);
  port.on('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { batch: req.batch, results: req.docs.map((doc) => toFileResult(analyzeFile(doc, services, allRules, init.settings))) };
    } catch (e) {
      reply = { batch: req.batch, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
