/**
 * Issue #15 item 6: a build keeps every field of the clipboard footer (`# [ControlRepository]
 * [PowerAutomateDesktop]`). In a v2 record each `ConnectionReferences` field has its place (the
 * real records of fixtures/corpus/padframework hold `name` = the bound connection's name and
 * `connectionDisplayName` = its account, as the realworld footers hold `ConnectionName` and
 * `ConnectionDisplayName`); the rest of the footer (UI element and image repositories) is kept
 * under `flowc.clipboardFooter`. A clipboard build writes the footer back as it was, also after
 * `flowc import` put a header over it, and `flowc diff` sees nothing between the three.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { repoRoot } from './helpers/corpus.js';
import { getValidator } from '../src/inputs/schema-registry.js';

const O365 = '/providers/Microsoft.PowerApps/apis/shared_office365';
const SP = '/providers/Microsoft.PowerApps/apis/shared_sharepointonline';
const MARKER = '# [ControlRepository][PowerAutomateDesktop]';

/** A footer with every key and every entry field seen in fixtures/realworld (checked below). */
const footer = {
  ControlRepositorySymbols: [
    {
      IgnoreImagesOnSerialization: false,
      Repository: '{\r\n  "Screens": [],\r\n  "Version": 1\r\n}',
      ImportMetadata: { DisplayName: 'Local computer', ConnectionString: '', Type: 'Local', DesktopType: 'local' },
      Name: 'appmask',
    },
  ],
  ImageRepositorySymbol: { Repository: '{\r\n  "Folders": [],\r\n  "Images": [],\r\n  "Version": 1\r\n}', ImportMetadata: {}, Name: 'imgrepo' },
  ConnectionReferences: [
    {
      ConnectorId: O365,
      DisplayName: 'Mail (shared mailbox)',
      InternalId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      IsDisabled: false,
      LogicalName: 'new_sharedoffice365_abc',
      IsEmbedded: false,
      ConnectionName: 'f4bd564681f14b7380d63735dd03d0a9',
      ConnectionDisplayName: 'ab@robovirgin.com',
    },
    {
      ConnectorId: SP,
      DisplayName: 'PADFramework_SharePoint',
      InternalId: '2416a92f-89d3-403f-9e70-b61bce2dd7d8',
      IsDisabled: false,
      LogicalName: 'def_PADFramework_SharePoint',
      // (not embedded: the imported header declares no co-owners, so EMBEDDED there would be a
      // new FC305 in the diff; an embedded reference is written back in the edit test below)
      IsEmbedded: false,
      ConnectionName: 'shared-sharepointonl-0a1b2c3d',
      ConnectionDisplayName: 'Robo Virgin <ab@robovirgin.com>',
    },
  ],
};

const script = [
  "External.InvokeCloudConnector Connection: '{3FA85F64-5717-4562-B3FC-2C963F66AFA6}' ConnectorId: '" + O365 + "' OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@b.c''' @'emailMessage/Subject': $'''x''' @'emailMessage/Body': $'''y'''",
  "External.InvokeCloudConnector Connection: '2416a92f-89d3-403f-9e70-b61bce2dd7d8' ConnectorId: '" + SP + "' OperationId: 'GetItems' @dataset: $'''https://contoso.sharepoint.com''' @table: $'''Log'''",
  "UIAutomation.Click Element: appmask['Window \\'Notepad\\'']",
].join('\r\n');
const clipText = `${script}\r\n\r\n${MARKER}\r\n\r\n${JSON.stringify(footer, null, 2).replace(/\n/g, '\r\n')}\r\n`;

/** The record fields of each footer entry (key order of the real records). */
const recordReferences = footer.ConnectionReferences.map((f) => ({
  api: { name: f.ConnectorId },
  displayName: f.DisplayName,
  isDisabled: f.IsDisabled,
  connectionReferenceLogicalName: f.LogicalName,
  name: f.ConnectionName,
  connectionDisplayName: f.ConnectionDisplayName,
  ownerId: null,
  padInternalId: f.InternalId,
  isEmbedded: f.IsEmbedded,
}));
const { ConnectionReferences: _refs, ...repositories } = footer;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-footer-'));
  await writeFile(path.join(tmp, 'clip.txt'), clipText);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: tmp });

function footerOf(text: string): unknown {
  const at = text.indexOf(MARKER);
  expect(at).toBeGreaterThan(0);
  return JSON.parse(text.slice(text.indexOf('{', at)));
}

async function builtRecord(source: string, outDir: string): Promise<Record<string, unknown>> {
  const r = await cli(['build', source, '--out-dir', outDir]);
  expect(r.code, r.err).toBe(0);
  const [name] = (await readdir(path.join(tmp, outDir))).filter((f) => f.endsWith('.json'));
  const doc = JSON.parse(await readFile(path.join(tmp, outDir, name!), 'utf8')) as Record<string, unknown>;
  expect(getValidator('desktop-flow-v2')(doc)).toBe(true);
  return doc;
}

async function builtClipboard(source: string, outDir: string): Promise<string> {
  const r = await cli(['build', source, '--format', 'clipboard', '--out-dir', outDir]);
  expect(r.code, r.err).toBe(0);
  const [name] = await readdir(path.join(tmp, outDir));
  return readFile(path.join(tmp, outDir, name!), 'utf8');
}

describe('the clipboard footer survives a build', () => {
  it('has every footer key and entry field that fixtures/realworld holds', async () => {
    const keys = new Set<string>();
    const entryKeys = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          const text = await readFile(p, 'utf8');
          const at = text.indexOf(MARKER);
          if (at < 0) continue;
          let json: Record<string, unknown>;
          try {
            json = JSON.parse(text.slice(text.indexOf('\n', at) + 1)) as Record<string, unknown>;
          } catch {
            continue;
          }
          for (const k of Object.keys(json)) keys.add(k);
          for (const r of (json['ConnectionReferences'] as Record<string, unknown>[] | undefined) ?? []) for (const k of Object.keys(r)) entryKeys.add(k);
        }
      }
    };
    await walk(path.join(repoRoot, 'fixtures', 'realworld'));
    expect(keys.size).toBeGreaterThan(0);
    expect(entryKeys.size).toBeGreaterThan(0);
    for (const k of keys) expect(Object.keys(footer)).toContain(k);
    for (const k of entryKeys) expect(Object.keys(footer.ConnectionReferences[0]!)).toContain(k);
  });

  it('v2: each reference field in its record place, the repositories under flowc.clipboardFooter', async () => {
    const doc = await builtRecord('clip.txt', 'v2');
    expect(doc['connectionReferences']).toEqual(recordReferences);
    const extras = doc['flowc'] as Record<string, unknown>;
    expect(extras['clipboardFooter']).toEqual(repositories);
    expect(JSON.stringify(extras['clipboardFooter'])).toBe(JSON.stringify(repositories));
  });

  it('clipboard: the footer is written back as it was, key for key', async () => {
    const text = await builtClipboard('clip.txt', 'clip');
    expect(JSON.stringify(footerOf(text))).toBe(JSON.stringify(footer));
  });

  it('import → build gives the same record and footer, and diff sees no change', async () => {
    const imp = await cli(['import', 'clip.txt', '--out-dir', 'imported']);
    expect(imp.code, imp.err).toBe(0);
    const flowFile = path.join('imported', 'clip.flow');
    const doc = await builtRecord(flowFile, 'imported-v2');
    expect(doc['connectionReferences']).toEqual(recordReferences);
    expect((doc['flowc'] as Record<string, unknown>)['clipboardFooter']).toEqual(repositories);
    const text = await builtClipboard(flowFile, 'imported-clip');
    expect(JSON.stringify(footerOf(text))).toBe(JSON.stringify(footer));
    await mkdir(path.join(tmp, 'rebuilt'), { recursive: true });
    await writeFile(path.join(tmp, 'rebuilt', 'clip.txt'), text);
    for (const [a, b] of [
      ['clip.txt', flowFile],
      ['clip.txt', 'rebuilt/clip.txt'],
      [flowFile, 'rebuilt/clip.txt'],
    ] as const) {
      const d = await cli(['diff', a, b, '--format', 'json']);
      expect(d.code, `${a} → ${b}: ${d.out}${d.err}`).toBe(0);
      expect((JSON.parse(d.out) as { changed: boolean }).changed).toBe(false);
    }
  });

  it('v2 masks a credential in the repositories (flowc extras never carry one); the clipboard build keeps it for PAD', async () => {
    const secret = 'Hunter2Secret!';
    const withSecret = structuredClone(footer);
    withSecret.ControlRepositorySymbols[0]!.ImportMetadata.ConnectionString = `Server=rdp.contoso.com;User Id=bot;Password=${secret};`;
    await mkdir(path.join(tmp, 'secret'), { recursive: true });
    await writeFile(path.join(tmp, 'secret', 'clip.txt'), `${script}\r\n\r\n${MARKER}\r\n\r\n${JSON.stringify(withSecret, null, 2)}\r\n`);
    const doc = await builtRecord('secret/clip.txt', 'secret-v2');
    const kept = (doc['flowc'] as { clipboardFooter: typeof footer }).clipboardFooter;
    expect(JSON.stringify(doc)).not.toContain(secret);
    expect(kept.ControlRepositorySymbols[0]!.ImportMetadata.ConnectionString).toMatch(/^Server=rdp\.contoso\.com;User Id=bot;Password=\S*\*{4}/);
    expect(kept.ImageRepositorySymbol).toEqual(footer.ImageRepositorySymbol);
    const text = await builtClipboard('secret/clip.txt', 'secret-clip');
    expect(JSON.stringify(footerOf(text))).toBe(JSON.stringify(withSecret));
  });

  it('a header edited after the import wins where it states something; the bound connection stays', async () => {
    const imported = await readFile(path.join(tmp, 'imported', 'clip.flow'), 'utf8');
    expect(imported).toContain("DISPLAYNAME 'Mail (shared mailbox)'");
    await mkdir(path.join(tmp, 'edited'), { recursive: true });
    await writeFile(path.join(tmp, 'edited', 'clip.flow'), imported.replace("DISPLAYNAME 'Mail (shared mailbox)'", "DISPLAYNAME 'Team mail' EMBEDDED"));
    const f = footerOf(await builtClipboard('edited/clip.flow', 'edited-clip')) as typeof footer;
    expect(f.ConnectionReferences[0]).toEqual({ ...footer.ConnectionReferences[0], DisplayName: 'Team mail', IsEmbedded: true });
    expect(Object.keys(f.ConnectionReferences[0]!)).toEqual(Object.keys(footer.ConnectionReferences[0]!));
    expect(f.ConnectionReferences[1]).toEqual(footer.ConnectionReferences[1]);
    const doc = await builtRecord('edited/clip.flow', 'edited-v2');
    expect((doc['connectionReferences'] as unknown[])[0]).toEqual({ ...recordReferences[0], displayName: 'Team mail', isEmbedded: true });
  });
});
