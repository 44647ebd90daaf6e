// The per-file analysis after parsing (symbols, facts, every file rule, document secrets: what
// `analyzeFile` does once `parseFlow` returned), measured on the built code (dist/; plain
// JavaScript run by node, never through tsx: see bench-frontend.ts). Each flow of a folder of
// .flow files (the bench's estate: scripts/estate.ts, e.g. /tmp/estate/e100k) is parsed (not
// measured), then analysed (measured: wall time and this process's CPU time, user + system);
// `--against` loads another build (another commit's dist/, with a node_modules next to it) and
// the two run interleaved, round after round in alternating order, after a warm-up round each.
// Then, once per build, the bytes the analysis allocates, sampled with V8's sampling heap
// profiler with the objects already collected counted (what the garbage collector deals with).
//
//   npm run build && node [--expose-gc] scripts/bench-analysis.mjs --dir ESTATE [--rounds 8] [--against OTHER/dist] [--cold]
//
// `--cold` measures instead as `check` runs the analysis: a fresh process per round and build
// (alternated) analyses each flow once, with no warm-up (much of it runs before V8 optimises it).
//
// It asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    against: { type: 'string' },
    cold: { type: 'boolean', default: false },
    'cold-child': { type: 'string' },
  },
});
if (!values.dir) throw new Error('--dir: a folder of .flow files (e.g. the bench estate)');

const docs = readdirSync(values.dir)
  .filter((f) => f.endsWith('.flow'))
  .sort()
  .map((f) => {
    const absolutePath = path.join(values.dir, f);
    return { path: f, absolutePath, text: readFileSync(absolutePath, 'utf8'), origin: 'file' };
  });
const lines = docs.reduce((n, d) => n + d.text.split('\n').length, 0);

async function load(name, dist) {
  const im = (file) => import(pathToFileURL(path.join(dist, file)).href);
  const { parseFlow } = await im('syntax/parse.js');
  const { buildSymbols } = await im('analysis/symbols.js');
  const { computeFacts } = await im('analysis/facts.js');
  const { documentSecrets } = await im('analysis/document-secrets.js');
  const { allRules } = await im('rules/index.js');
  const { servicesData, loadConfigFor } = await im('engine/pipeline.js');
  const { servicesFrom } = await im('engine/services-data.js');
  const services = servicesFrom(servicesData(loadConfigFor(values.dir, undefined)));
  const rules = allRules.filter((r) => r.kind === 'file');
  return {
    name,
    parse: (text) => parseFlow(text),
    analyse(doc, flow, problems) {
      const symbols = buildSymbols(flow, { isKnownModule: (m) => services.actions.isKnownModule(m) });
      const facts = computeFacts(doc, flow);
      let reported = 0;
      for (const rule of rules) rule.check({ doc, flow, symbols, facts, syntaxProblems: problems, services, report: () => void reported++ });
      return reported + documentSecrets(doc.text, flow).ranges.length;
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (values['cold-child']) {
  // One cold pass of one build, its figures to the parent.
  const v = await load('child', path.resolve(values['cold-child']));
  process.stdout.write(JSON.stringify(runOnce(v)));
  process.exit(0);
}
if (values.cold) {
  const { execFileSync } = await import('node:child_process');
  const builds = [...(values.against ? [[`against (${values.against})`, path.resolve(values.against)]] : []), ['this build', path.join(root, 'dist')]];
  const cold = builds.map(() => ({ cpu: [], wall: [] }));
  for (let r = 0; r < Number(values.rounds); r++) {
    const order = builds.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const out = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--dir', values.dir, '--cold-child', builds[i][1]], { encoding: 'utf8', maxBuffer: 1 << 20 }));
      cold[i].cpu.push(out.cpu);
      cold[i].wall.push(out.wall);
    }
  }
  console.log(`${docs.length} flows, ${lines.toLocaleString('en')} lines; cold: ${values.rounds} fresh processes per build, alternated, medians (node ${process.version})\n`);
  console.log('variant'.padEnd(52) + 'cpu ms'.padStart(9) + 'wall ms'.padStart(9));
  builds.forEach(([name], i) => console.log(name.slice(0, 50).padEnd(52) + median(cold[i].cpu).toFixed(0).padStart(9) + median(cold[i].wall).toFixed(0).padStart(9)));
  process.exit(0);
}

const variants = [];
if (values.against) variants.push(await load(`against (${values.against})`, path.resolve(values.against)));
variants.push(await load('this build', path.join(root, 'dist')));

function runOnce(v) {
  let cpu = 0;
  let wall = 0;
  for (const doc of docs) {
    const { flow, problems } = v.parse(doc.text);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    v.analyse(doc, flow, problems);
    wall += performance.now() - w0;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
  }
  return { cpu, wall };
}

for (const v of variants) runOnce(v);
const results = variants.map(() => ({ cpu: [], wall: [] }));
const rounds = Number(values.rounds);
for (let r = 0; r < rounds; r++) {
  const order = variants.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const i of order) {
    // With --expose-gc, each round starts from a collected heap (the other build's garbage not on its bill).
    globalThis.gc?.();
    const m = runOnce(variants[i]);
    results[i].cpu.push(m.cpu);
    results[i].wall.push(m.wall);
  }
}

/** Bytes the analysis of every flow allocates (sampled every 512 bytes, collected objects included). */
async function allocated(v) {
  const parsed = docs.map((d) => v.parse(d.text));
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  docs.forEach((d, i) => v.analyse(d, parsed[i].flow, parsed[i].problems));
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  let total = 0;
  const stack = [profile.head];
  while (stack.length) {
    const n = stack.pop();
    total += n.selfSize;
    stack.push(...n.children);
  }
  return total;
}

console.log(`${docs.length} flows, ${lines.toLocaleString('en')} lines; ${rounds} interleaved rounds, medians (node ${process.version})\n`);
console.log('variant'.padEnd(52) + 'cpu ms'.padStart(9) + 'wall ms'.padStart(9) + 'allocated MB'.padStart(14));
for (let i = 0; i < variants.length; i++) {
  const bytes = await allocated(variants[i]);
  const { cpu, wall } = results[i];
  console.log(variants[i].name.slice(0, 50).padEnd(52) + median(cpu).toFixed(0).padStart(9) + median(wall).toFixed(0).padStart(9) + (bytes / 1048576).toFixed(1).padStart(14));
}
