/**
 * The progress line of long runs (issue 20): on a terminal only, after PROGRESS_DELAY_MS, on
 * stderr, erased at the end; never in machine formats nor when piped. For `check`, `build` (the
 * flows checked, then the flows built) and `report`. The clock is the Io's,
 * injected here: nothing waits and nothing is timed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { createProgress, PROGRESS_DELAY_MS } from '../src/cli/progress.js';
import { generateEstate } from '../scripts/estate.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flowc-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files = 0;
beforeAll(() => {
  for (const f of generateEstate({ seed: 3, lines: 1_500, errorRate: 0 })) {
    writeFileSync(path.join(tmp, `${f.name}.flow`), f.text);
    files++;
  }
});

/** A terminal-like Io whose clock moves `step` ms each time it is read. */
function fakeIo(opts: { stdoutTTY: boolean; stderrTTY: boolean; step: number; env?: Record<string, string> }) {
  let t = 0;
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    cwd: tmp,
    env: { NO_COLOR: '1', ...opts.env },
    isTTY: opts.stdoutTTY,
    stderrIsTTY: opts.stderrTTY,
    now: () => (t += opts.step),
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
  };
  return { io, out };
}

describe('progress line', () => {
  it('counts documents on a terminal once the run is long, then erases itself', async () => {
    const { io, out } = fakeIo({ stdoutTTY: true, stderrTTY: true, step: 400 });
    const quiet = fakeIo({ stdoutTTY: false, stderrTTY: false, step: 400 });
    const code = await main(['check', '.', '--threads', '1'], io);
    expect(code).toBe(await main(['check', '.', '--threads', '1'], quiet.io));
    expect(files).toBeGreaterThan(3);
    const lines = out.stderr.split('\r').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.trimEnd()).toMatch(new RegExp(`^flowc: \\d+/${files} flows, \\d+\\.\\d s$`));
    const counts = lines.map((l) => Number(/(\d+)\//.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBeLessThanOrEqual(files);
    // Erased: the last thing written is blanks then a carriage return, and the results are unchanged.
    expect(out.stderr).toMatch(/\r +\r$/);
    expect(out.stdout).toBe(quiet.out.stdout);
    expect(out.stdout).not.toContain('\r');
  });

  it('is not shown for machine formats, when piped or redirected, or on a dumb terminal', async () => {
    const cases: [Parameters<typeof fakeIo>[0], string[]][] = [
      [{ stdoutTTY: true, stderrTTY: true, step: 400 }, ['--format', 'json']],
      [{ stdoutTTY: true, stderrTTY: true, step: 400 }, ['--format', 'sarif']],
      [{ stdoutTTY: true, stderrTTY: true, step: 400 }, ['--format', 'github']],
      [{ stdoutTTY: false, stderrTTY: true, step: 400 }, []],
      [{ stdoutTTY: true, stderrTTY: false, step: 400 }, []],
      [{ stdoutTTY: true, stderrTTY: true, step: 400, env: { TERM: 'dumb' } }, []],
    ];
    for (const [opts, args] of cases) {
      const { io, out } = fakeIo(opts);
      await main(['check', '.', '--threads', '1', ...args], io);
      expect(out.stderr, JSON.stringify([opts, args])).toBe('');
    }
  });

  it('is not shown for runs shorter than the delay', async () => {
    const { io, out } = fakeIo({ stdoutTTY: true, stderrTTY: true, step: 1 });
    await main(['check', '.', '--threads', '1'], io);
    expect(out.stderr).toBe('');
  });

  it('redraws in place, padding over a longer line, and erases only what it drew', () => {
    let t = 0;
    let err = '';
    const io: Io = { cwd: tmp, env: {}, isTTY: true, stderrIsTTY: true, now: () => t, stdout: () => undefined, stderr: (s) => void (err += s) };
    const p = createProgress(io, true);
    p.update(1, 1000);
    expect(err).toBe('');
    t = PROGRESS_DELAY_MS;
    p.update(999, 1000);
    expect(err).toBe('\rflowc: 999/1000 flows, 1.5 s');
    t += 10;
    p.update(1000, 1000);
    expect(err).toBe('\rflowc: 999/1000 flows, 1.5 s');
    t += 100;
    p.update(1000, 1000);
    expect(err).toBe('\rflowc: 999/1000 flows, 1.5 s\rflowc: 1000/1000 flows, 1.6 s');
    p.end();
    expect(err.endsWith(`\r${' '.repeat('flowc: 1000/1000 flows, 1.6 s'.length)}\r`)).toBe(true);
    const before = err.length;
    p.end();
    expect(err.length).toBe(before);
  });
});

/** The progress lines drawn on stderr (between carriage returns), without the padding. */
function progressLines(stderr: string): string[] {
  return stderr
    .split(/[\r\n]/)
    .map((l) => l.trimEnd())
    .filter((l) => l.startsWith('flowc: ') && /^flowc: \d+\//.test(l));
}

describe('progress line of build and report', () => {
  const out = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), 'flowc-progress-out-')), name);
  const written = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));

  it('build counts the flows checked, then the flows built, and erases itself; the files are the same', async () => {
    const { io, out: seen } = fakeIo({ stdoutTTY: true, stderrTTY: true, step: 400 });
    const quiet = fakeIo({ stdoutTTY: false, stderrTTY: false, step: 400 });
    const [a, b] = [out('a'), out('b')];
    expect(await main(['build', '.', '--out-dir', a], io)).toBe(0);
    expect(await main(['build', '.', '--out-dir', b], quiet.io)).toBe(0);
    expect(written(a)).toEqual(written(b));
    const lines = progressLines(seen.stderr);
    for (const l of lines) expect(l).toMatch(new RegExp(`^flowc: \\d+/${files} flows( built)?, \\d+\\.\\d s$`));
    expect(lines.some((l) => l.endsWith(' s') && !l.includes('built'))).toBe(true);
    const built = lines.filter((l) => l.includes('flows built')).map((l) => Number(/(\d+)\//.exec(l)![1]));
    expect(built.length).toBeGreaterThan(1);
    expect(built).toEqual([...built].sort((x, y) => x - y));
    // Erased before the summary; the summary and the diagnostics are those of a run without it.
    expect(seen.stderr).toMatch(/\r +\r$/);
    expect(seen.stdout.replaceAll(a, b)).toBe(quiet.out.stdout);
    expect(seen.stderr.replace(/\rflowc: \d+\/\d+ flows( built)?, \d+\.\d s */g, '').replace(/\r +\r/g, '')).toBe(quiet.out.stderr);
  });

  it('build shows none with --diagnostic-format json, when piped, or on a dumb terminal', async () => {
    const cases: [Parameters<typeof fakeIo>[0], string[]][] = [
      [{ stdoutTTY: true, stderrTTY: true, step: 400 }, ['--diagnostic-format', 'json']],
      [{ stdoutTTY: false, stderrTTY: true, step: 400 }, []],
      [{ stdoutTTY: true, stderrTTY: false, step: 400 }, []],
      [{ stdoutTTY: true, stderrTTY: true, step: 400, env: { TERM: 'dumb' } }, []],
    ];
    for (const [opts, args] of cases) {
      const { io, out: seen } = fakeIo(opts);
      expect(await main(['build', '.', '--out-dir', out('x'), ...args], io)).toBe(0);
      expect(seen.stderr, JSON.stringify([opts, args])).not.toContain('\r');
    }
  });

  it('report shows it for md and html (to the terminal or --out), never for json or csv', async () => {
    for (const format of ['md', 'html']) {
      const { io, out: seen } = fakeIo({ stdoutTTY: true, stderrTTY: true, step: 400 });
      const quiet = fakeIo({ stdoutTTY: false, stderrTTY: false, step: 400 });
      expect(await main(['report', '.', '--format', format], io)).toBe(0);
      expect(await main(['report', '.', '--format', format], quiet.io)).toBe(0);
      const lines = progressLines(seen.stderr);
      expect(lines.length, format).toBeGreaterThan(1);
      for (const l of lines) expect(l).toMatch(new RegExp(`^flowc: \\d+/${files} flows, \\d+\\.\\d s$`));
      expect(seen.stderr).toMatch(/\r +\r$/);
      expect(seen.stdout).toBe(quiet.out.stdout);
    }
    const toFile = fakeIo({ stdoutTTY: false, stderrTTY: true, step: 400 });
    expect(await main(['report', '.', '--format', 'md', '--out', out('r.md')], toFile.io)).toBe(0);
    expect(progressLines(toFile.out.stderr).length).toBeGreaterThan(1);
    for (const format of ['json', 'csv']) {
      for (const args of [[], ['--out', out(`r.${format}`)]]) {
        const { io, out: seen } = fakeIo({ stdoutTTY: true, stderrTTY: true, step: 400 });
        expect(await main(['report', '.', '--format', format, ...args], io)).toBe(0);
        expect(seen.stderr, `${format} ${args.join(' ')}`).toBe('');
      }
    }
    const piped = fakeIo({ stdoutTTY: false, stderrTTY: true, step: 400 });
    expect(await main(['report', '.', '--format', 'md'], piped.io)).toBe(0);
    expect(piped.out.stderr).toBe('');
  });
});

