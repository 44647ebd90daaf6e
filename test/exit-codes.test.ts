/**
 * Failures of the environment get one clear line and exit 2 (a problem with what the user gave:
 * an input, the config, an output path) or 3 (the system failed: a full disk, an I/O error),
 * never a stack trace unless --debug. Tests run as root in CI, where chmod 000 does not stop a
 * read, so permission errors and a full disk are injected through node:fs (the real file system
 * everywhere else).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './helpers/cli.js';

/** Paths (substrings) whose open / read fails, and with which code. */
const failures = vi.hoisted(() => ({ open: new Map<string, string>(), read: new Map<string, string>() }));

function injected(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = { EACCES: 'permission denied', ENOSPC: 'no space left on device', EIO: 'i/o error' };
  return Object.assign(new Error(`${code}: ${messages[code] ?? 'failed'}, ${syscall} '${file}'`), { code, syscall, path: file, errno: -1 });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (file: Parameters<typeof real.open>[0], ...rest: unknown[]) => {
    for (const [part, code] of failures.open) if (String(file).includes(part)) throw injected(code, 'open', String(file));
    return (real.open as (...a: unknown[]) => ReturnType<typeof real.open>)(file, ...rest);
  }) as typeof real.open;
  return { ...real, open, default: { ...real, open } };
});

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: Parameters<typeof real.readFileSync>[0], ...rest: unknown[]) => {
    for (const [part, code] of failures.read) if (String(file).includes(part)) throw injected(code, 'open', String(file));
    return (real.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof real.readFileSync;
  // Flow files and unpacked-solution files are read with openSync (src/inputs/solution-files.ts).
  const openSync = ((file: Parameters<typeof real.openSync>[0], ...rest: unknown[]) => {
    for (const [part, code] of failures.open) if (String(file).includes(part)) throw injected(code, 'open', String(file));
    return (real.openSync as (...a: unknown[]) => number)(file, ...rest);
  }) as typeof real.openSync;
  return { ...real, readFileSync, openSync, default: { ...real, readFileSync, openSync } };
});

const { sampleEntries } = await import('../scripts/make-hostile-fixtures.js');
const { STAGING_PREFIX } = await import('../src/outputs/atomic-writer.js');

const dir = mkdtempSync(path.join(tmpdir(), 'flowc-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function project(): string {
  const p = path.join(dir, `p${n++}`);
  mkdirSync(p);
  writeFileSync(path.join(p, 'a.flow'), "FLOW 'A'\n    SCHEMA V2\nEND FLOW\nSET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n");
  return p;
}

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

/** One line on stderr (a `help:` line may follow), matching `message`, no stack trace. */
function expectOneLine(r: { err: string }, message: RegExp): void {
  const lines = r.err.trimEnd().split('\n').filter((l) => !l.startsWith('help: '));
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^flowc: /);
  expect(lines[0]).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at |internal error/);
}

beforeEach(() => {
  failures.open.clear();
  failures.read.clear();
});

describe('exit 2: what the user gave cannot be used', () => {
  it('an unreadable flow file (EACCES) is FC010 on that file; the other flows are still checked (exit 1)', async () => {
    const p = project();
    writeFileSync(path.join(p, 'secret.flow'), 'SET x TO 1\n');
    failures.open.set('secret.flow', 'EACCES');
    const r = await run(p, ['check', 'secret.flow', 'a.flow', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const out = JSON.parse(r.out) as { diagnostics: { file: string; rule: string; message: string }[]; summary: { files: number } };
    expect(out.diagnostics.filter((d) => d.rule === 'FC010')).toEqual([
      expect.objectContaining({ file: 'secret.flow', message: 'cannot read the file: permission denied (EACCES)' }),
    ]);
    expect(out.summary.files).toBe(2);
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('an unreadable flow file, for real (chmod 000, not as root)', async () => {
    const p = project();
    writeFileSync(path.join(p, 'locked.flow'), 'SET x TO 1\n');
    chmodSync(path.join(p, 'locked.flow'), 0o000);
    const r = await run(p, ['check', 'locked.flow']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/locked\.flow:1:1 error FC010 unreadable-file\n {2}cannot read the file: permission denied \(EACCES\)/);
  });

  it('an unreadable file inside an unpacked solution (EACCES): import refuses it; check and report say FC010 on it (exit 1)', async () => {
    const p = project();
    const solution = path.join(p, 'locked-solution');
    for (const e of sampleEntries()) {
      mkdirSync(path.dirname(path.join(solution, e.name)), { recursive: true });
      writeFileSync(path.join(solution, e.name), e.data ?? '');
    }
    failures.open.set(`locked-solution${path.sep}customizations.xml`, 'EACCES');
    const imported = await run(p, ['import', 'locked-solution', '--out-dir', 'out']);
    expect(imported.code).toBe(2);
    expectOneLine(imported, /^flowc: locked-solution \(customizations\.xml\): .*(EACCES|permission denied)/);
    const checked = await run(p, ['check', 'locked-solution']);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/locked-solution:1:1 error FC010 unreadable-file\n {2}customizations\.xml: .*(EACCES|permission denied)/);
    const reported = await run(p, ['report', 'locked-solution']);
    expect(reported.code).toBe(1);
    expect(reported.err).toMatch(/locked-solution:1:1 error FC010 unreadable-file\n {2}customizations\.xml: .*(EACCES|permission denied)/);
    expect(existsSync(path.join(p, 'out'))).toBe(false);
  });

  it('a path through a file', async () => {
    const p = project();
    const r = await run(p, ['check', 'a.flow/b.flow']);
    expect(r.code).toBe(2);
    expectOneLine(r, /^flowc: a\.flow\/b\.flow: no such file or folder$/);
  });

  it('a config that is a folder, found or named', async () => {
    const p = project();
    mkdirSync(path.join(p, 'flowc.config.json'));
    for (const args of [['check', 'a.flow'], ['check', 'a.flow', '--config', 'flowc.config.json'], ['build', 'a.flow', '--out-dir', 'out']]) {
      const r = await run(p, args);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLine(r, /flowc\.config\.json: is a folder/);
    }
    expect(existsSync(path.join(p, 'out'))).toBe(false);
  });

  it('an unreadable config (EACCES)', async () => {
    const p = project();
    writeFileSync(path.join(p, 'flowc.config.json'), '{}');
    failures.read.set('flowc.config.json', 'EACCES');
    const r = await run(p, ['check', 'a.flow']);
    expect(r.code).toBe(2);
    expectOneLine(r, /flowc\.config\.json.*(EACCES|permission denied)/);
  });

  it('an --out-dir that is a file, or inside one', async () => {
    const p = project();
    writeFileSync(path.join(p, 'out'), 'a file');
    writeFileSync(path.join(p, 'clip.txt'), "Display.ShowMessageDialog.ShowMessage Message: 'hi'\n");
    for (const [args, message] of [
      [['build', 'a.flow', '--out-dir', 'out', '--quiet'], /out exists and is not a folder; nothing was written$/],
      [['build', 'a.flow', '--out-dir', 'out/sub', '--quiet'], /cannot create the folder .*out\/sub: a part of the path is a file, not a folder \(ENOTDIR\)/],
      [['import', 'clip.txt', '--out-dir', 'out'], /out exists and is not a folder/],
    ] as const) {
      const r = await run(p, [...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLine(r, message);
    }
  });

  it('a --out / --output-file that is a folder', async () => {
    const p = project();
    mkdirSync(path.join(p, 'dest'));
    for (const args of [['report', 'a.flow', '--out', 'dest'], ['graph', 'a.flow', '--out', 'dest'], ['check', 'a.flow', '--output-file', 'dest']]) {
      const r = await run(p, args);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLine(r, /dest exists and is not a file$/);
    }
  });
});

describe('exit 3: the system failed', () => {
  it('a full disk while building (ENOSPC): one line, nothing written', async () => {
    const p = project();
    mkdirSync(path.join(p, 'out'));
    writeFileSync(path.join(p, 'out', 'keep.txt'), 'untouched');
    failures.open.set(`${path.sep}out${path.sep}${STAGING_PREFIX}`, 'ENOSPC');
    const r = await run(p, ['build', 'a.flow', '--out-dir', 'out', '--quiet']);
    expect(r.code).toBe(3);
    expectOneLine(r, /^flowc: cannot write .*a\.json: no space left on the disk \(ENOSPC\); nothing was written$/);
    expect(readdirSync(path.join(p, 'out'))).toEqual(['keep.txt']);
  });

  it('a full disk while writing a report, an import or a fix', async () => {
    const p = project();
    writeFileSync(path.join(p, 'clip.txt'), "Display.ShowMessageDialog.ShowMessage Message: 'hi'\n");
    writeFileSync(path.join(p, 'fixme.flow'), "# flowc-disable-next-line FC006\nSET used TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: used\n");
    failures.open.set(STAGING_PREFIX, 'ENOSPC');
    for (const args of [['report', 'a.flow', '--out', 'r.md'], ['import', 'clip.txt', '--out-dir', 'imported'], ['check', 'fixme.flow', '--fix']]) {
      const r = await run(p, args);
      expect(r.code, args.join(' ')).toBe(3);
      expectOneLine(r, /no space left on the disk \(ENOSPC\); nothing was written$/);
    }
    expect(readdirSync(p).sort()).toEqual(['a.flow', 'clip.txt', 'fixme.flow', 'imported']);
    expect(readdirSync(path.join(p, 'imported'))).toEqual([]);
  });

  it('--debug adds the stack trace', async () => {
    const p = project();
    failures.open.set(STAGING_PREFIX, 'EIO');
    const quiet = await run(p, ['build', 'a.flow', '--out-dir', 'out', '--quiet']);
    expect(quiet.code).toBe(3);
    expectOneLine(quiet, /input\/output error \(EIO\)/);
    const debug = await run(p, ['build', 'a.flow', '--out-dir', 'out2', '--quiet', '--debug']);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/\n\s+at /);
  });
});
