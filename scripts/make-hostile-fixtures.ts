/**
 * Hostile (and one well-formed) solution zips for test/inputs.test.ts, built in memory.
 *
 *   npx tsx scripts/make-hostile-fixtures.ts OUT_DIR [--large]
 *       writes them as OUT_DIR/<name>.zip; --large adds the big ones (a 200 MB customizations.xml
 *       as a zip and as a folder, a 9 MiB Definition, 100 000 entries), written as streams.
 * test/hostile/README.md lists every one and what flowc does with it (test/hostile.test.ts checks it).
 *
 * The zip writer below exists for TEST FIXTURES ONLY: flowc reads zips with yauzl. It writes
 * exactly the bytes a hostile tool could write — lying sizes, symlink modes, encryption flags,
 * `..` names — which no well-behaved zip library would produce.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

// ---- a minimal zip writer ------------------------------------------------------------------

export interface ZipEntrySpec {
  /** Stored as given (UTF-8): may hold `..`, backslashes, a leading `/`. */
  name: string;
  data?: string | Buffer;
  method?: 'store' | 'deflate';
  /** A compression method number written in the headers instead (the data is stored as is). */
  methodCode?: number;
  /** Extra general-purpose flag bits, e.g. 0x1 (encrypted). UTF-8 (0x800) is always set. */
  flags?: number;
  /** External attributes; a Unix mode goes in the high 16 bits. */
  externalAttributes?: number;
  /** Uncompressed size written in the headers instead of the real one (a lying header). */
  declaredSize?: number;
  /** Flip one byte of the stored data after the CRC is computed (a corrupt entry). */
  corrupt?: boolean;
}

const UNIX_HOST = 3 << 8;
const UTF8_FLAG = 0x800;
// 1980-01-01 00:00 in DOS format: fixed, so fixtures are byte-for-byte reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const name = Buffer.from(spec.name, 'utf8');
    const raw = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : (spec.data ?? Buffer.alloc(0));
    const method = spec.method === 'store' ? 0 : 8;
    const data = Buffer.from(method === 8 ? zlib.deflateRawSync(raw) : raw);
    const crc = zlib.crc32(raw);
    if (spec.corrupt) data[data.length >> 1]! ^= 0xff;
    const flags = UTF8_FLAG | (spec.flags ?? 0);
    const size = spec.declaredSize ?? raw.length;

    // Fields shared by the local header (from offset 4) and the central header (from offset 6).
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed to extract
    common.writeUInt16LE(flags, 2);
    common.writeUInt16LE(spec.methodCode ?? method, 4);
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(data.length, 14);
    common.writeUInt32LE(size, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24); // extra field length

    const local = Buffer.concat([u32(0x04034b50), common, name, data]);
    const tail = Buffer.alloc(14);
    tail.writeUInt16LE(0, 0); // comment length
    tail.writeUInt16LE(0, 2); // disk number
    tail.writeUInt16LE(0, 4); // internal attributes
    tail.writeUInt32LE((spec.externalAttributes ?? 0) >>> 0, 6);
    tail.writeUInt32LE(offset, 10);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(UNIX_HOST | 20), common, tail, name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

// ---- a small, valid solution ---------------------------------------------------------------

export const FLOW_NAME = 'Hostile: Sample';
export const FLOW_ID = '11111111-2222-3333-4444-555555555555';
const BINARY_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
/** The script of the sample flow: CRLF line ends and characters XML and JSON must escape. */
export const FLOW_SCRIPT = 'SET Greeting TO $\'\'\'<Hello> & "bye"\'\'\'\r\nIF 1 > 0 THEN\r\nEND\r\n';

export function solutionXml(extra = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>${extra}
<ImportExportXml version="9.2"><SolutionManifest><UniqueName>Hostile</UniqueName>
<LocalizedNames><LocalizedName description="Hostile Sample" languagecode="1033" /></LocalizedNames>
<Version>1.0.0.0</Version><Managed>0</Managed>
<Publisher><UniqueName>tester</UniqueName><CustomizationPrefix>tst</CustomizationPrefix></Publisher>
</SolutionManifest></ImportExportXml>`;
}

/** customizations.xml with one desktop flow; `definition` is the raw text of `<Definition>`. */
export function customizationsXml(definition = xmlEscape(JSON.stringify(FLOW_SCRIPT)), prolog = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>${prolog}
<ImportExportXml>
  <Workflows>
    <Workflow WorkflowId="{${FLOW_ID.toUpperCase()}}" Name="${FLOW_NAME}">
      <JsonFileName>/Workflows/Sample.json</JsonFileName>
      <Category>6</Category>
      <UIFlowType>2</UIFlowType>
      <Metadata>{"schemaVersion":"ROBIN_20211012"}</Metadata>
      <Dependencies>{"childFlows":[]}</Dependencies>
      <ConnectionReferences>[{"api":{"name":"/providers/Microsoft.PowerApps/apis/shared_office365"},"connectionReferenceLogicalName":"tst_Outlook","padInternalId":"pad-1","isEmbedded":false}]</ConnectionReferences>
      <Definition>${definition}</Definition>
      <SchemaVersion>2022.07</SchemaVersion>
    </Workflow>
    <Workflow WorkflowId="{99999999-2222-3333-4444-555555555555}" Name="A cloud flow">
      <Category>5</Category>
    </Workflow>
  </Workflows>
  <connectionreferences>
    <connectionreference connectionreferencelogicalname="tst_Outlook">
      <connectionreferencedisplayname>Outlook</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/shared_office365</connectorid>
    </connectionreference>
  </connectionreferences>
</ImportExportXml>`;
}

export function binaryXml(dataFile = `ManifestFile_${BINARY_ID}.json`): string {
  return `<desktopflowbinary desktopflowbinaryid="${BINARY_ID}">
  <data mimetype="application/json">${dataFile}</data>
  <name>Desktop flow manifest file</name>
  <process><workflowid>${FLOW_ID}</workflowid></process>
  <reference>flow.manifest</reference>
  <type>ManifestFile</type>
</desktopflowbinary>`;
}

const MANIFEST = JSON.stringify({
  ConnectorReferences: [{ ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365', ConnectorName: 'shared_office365' }],
});

/** The entries of the valid sample solution; `replace` swaps entries by name, `add` appends. */
export function sampleEntries(replace: Record<string, Partial<ZipEntrySpec>> = {}, add: ZipEntrySpec[] = []): ZipEntrySpec[] {
  const base: ZipEntrySpec[] = [
    { name: 'solution.xml', data: solutionXml() },
    { name: 'customizations.xml', data: customizationsXml() },
    { name: `desktopflowbinaries/${BINARY_ID}/desktopflowbinary.xml`, data: binaryXml() },
    { name: `desktopflowbinaries/${BINARY_ID}/data/ManifestFile_${BINARY_ID}.json`, data: MANIFEST },
  ];
  return [...base.map((entry) => ({ ...entry, ...replace[entry.name] })), ...add];
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---- the fixtures --------------------------------------------------------------------------

const S_IFLNK = 0o120000;
const MiB = 1024 * 1024;

/** Name → zip bytes. `valid` is well-formed; every other one must be refused. */
export function hostileFixtures(): Record<string, Buffer> {
  const valid = writeZip(sampleEntries());
  return {
    valid,
    'dotdot-entry': writeZip(sampleEntries({}, [{ name: '../../evil.sh', data: 'x' }])),
    'backslash-dotdot-entry': writeZip(sampleEntries({}, [{ name: 'Workflows\\..\\..\\evil.sh', data: 'x' }])),
    'absolute-entry': writeZip(sampleEntries({}, [{ name: '/etc/cron.d/evil', data: 'x' }])),
    'backslash-absolute-entry': writeZip(sampleEntries({}, [{ name: '\\\\server\\share\\evil', data: 'x' }])),
    'drive-entry': writeZip(sampleEntries({}, [{ name: 'C:\\Windows\\evil.dll', data: 'x' }])),
    'duplicate-entry': writeZip(sampleEntries({}, [{ name: 'customizations.xml', data: customizationsXml() }])),
    'case-duplicate-entry': writeZip(sampleEntries({}, [{ name: 'Customizations.XML', data: customizationsXml() }])),
    'symlink-entry': writeZip(
      sampleEntries({}, [{ name: 'Workflows/link', data: '/etc/passwd', method: 'store', externalAttributes: (S_IFLNK | 0o777) << 16 }]),
    ),
    'encrypted-entry': writeZip(sampleEntries({ 'customizations.xml': { flags: 0x1 } })),
    truncated: valid.subarray(0, valid.length - 40),
    'corrupt-entry': writeZip(sampleEntries({ 'customizations.xml': { method: 'store', corrupt: true } })),
    bomb: writeZip(sampleEntries({}, [{ name: 'Workflows/bomb.json', data: Buffer.alloc(4 * MiB) }])),
    'lying-size': writeZip(sampleEntries({ 'customizations.xml': { declaredSize: 100 } })),
    'doctype-xml': writeZip(
      sampleEntries({
        'customizations.xml': {
          data: customizationsXml('&lol;', '<!DOCTYPE ImportExportXml [<!ENTITY lol "lol">]>'),
        },
      }),
    ),
    'entity-xml': writeZip(sampleEntries({ 'solution.xml': { data: solutionXml('<!ENTITY x SYSTEM "file:///etc/passwd">') } })),
    'undeclared-entity-xml': writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml('"&nbsp;"') } })),
    'bad-definition-json': writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml('"SET x TO 1\r\n') } })),
    'data-path-traversal': writeZip(
      sampleEntries({ [`desktopflowbinaries/${BINARY_ID}/desktopflowbinary.xml`]: { data: binaryXml('../../customizations.xml') } }),
    ),
    'not-a-zip': Buffer.from('this is not a zip file\n'),
    'empty-zip': writeZip([]),
    'bzip2-entry': writeZip(sampleEntries({ 'customizations.xml': { method: 'store', methodCode: 12 } })),
    'latin1-xml': writeZip(sampleEntries({ 'customizations.xml': { data: Buffer.from(customizationsXml().replace('Hostile: Sample', 'Hostile: Café'), 'latin1') } })),
    'deep-xml': writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml().replace('<Workflows>', `<Workflows>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`) } })),
    'no-desktop-flows': writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml().replace('<Category>6</Category>', '<Category>5</Category>') } })),
    'evil-flow-name': writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml().replace(`Name="${FLOW_NAME}"`, 'Name="../../../evil/..\\x&#x202E;txt.exe"') } })),
  };
}

// ---- large fixtures, written to a file as a stream (never held in memory, never committed) ------

/** An entry whose data is produced in chunks (twice: once for the CRC, once to write it). */
export interface StreamedEntry {
  name: string;
  chunks(): Iterable<Buffer>;
}

/** Writes a zip of stored (uncompressed) entries to `file`, streaming each entry's data. */
export async function writeZipFile(file: string, entries: readonly (StreamedEntry | { name: string; data: string | Buffer })[]): Promise<void> {
  const out = createWriteStream(file);
  const write = async (b: Buffer): Promise<void> => {
    if (!out.write(b)) await once(out, 'drain');
  };
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const chunks = 'chunks' in e ? () => e.chunks() : () => [typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data];
    let crc = 0;
    let size = 0;
    for (const c of chunks()) {
      crc = zlib.crc32(c, crc);
      size += c.length;
    }
    const name = Buffer.from(e.name, 'utf8');
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0);
    common.writeUInt16LE(UTF8_FLAG, 2);
    common.writeUInt16LE(0, 4); // stored
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc >>> 0, 10);
    common.writeUInt32LE(size, 14);
    common.writeUInt32LE(size, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24);
    const local = Buffer.concat([u32(0x04034b50), common, name]);
    await write(local);
    for (const c of chunks()) await write(c);
    const tail = Buffer.alloc(14);
    tail.writeUInt32LE(offset, 10);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(UNIX_HOST | 20), common, tail, name]));
    offset += local.length + size;
  }
  const directory = Buffer.concat(centrals);
  await write(directory);
  if (entries.length >= 0xffff) {
    // More entries than the classic end record can count: a ZIP64 end record and its locator.
    const zip64 = Buffer.alloc(56);
    zip64.writeUInt32LE(0x06064b50, 0);
    zip64.writeBigUInt64LE(44n, 4);
    zip64.writeUInt16LE(UNIX_HOST | 45, 12);
    zip64.writeUInt16LE(45, 14);
    zip64.writeBigUInt64LE(BigInt(entries.length), 24);
    zip64.writeBigUInt64LE(BigInt(entries.length), 32);
    zip64.writeBigUInt64LE(BigInt(directory.length), 40);
    zip64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    await write(Buffer.concat([zip64, locator]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  out.end(end);
  await once(out, 'finish');
}

/** customizations.xml padded with cloud-flow workflows to `bytes` bytes (valid XML, streamed). */
function* paddedCustomizations(bytes: number): Iterable<Buffer> {
  const xml = customizationsXml();
  const cut = xml.indexOf('  </Workflows>');
  const head = Buffer.from(xml.slice(0, cut));
  const tail = Buffer.from(xml.slice(cut));
  const filler = Buffer.from(`    <Workflow WorkflowId="{99999999-2222-3333-4444-555555555555}" Name="Filler"><Category>5</Category><Description>${'x'.repeat(4000)}</Description></Workflow>\n`.repeat(16));
  yield head;
  let size = head.length + tail.length;
  while (size + filler.length <= bytes) {
    yield filler;
    size += filler.length;
  }
  yield Buffer.from(' '.repeat(bytes - size));
  yield tail;
}

/** A flow script of `bytes` bytes that does not compress to a zip bomb (distinct names). */
function bigScript(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `SET V${(i * 2654435761) % 4294967291} TO ${(i * 40503) % 65521}\r\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const LARGE_MB = 200;

/**
 * Hostile inputs too large to build in memory: name → a function that writes it at a path (a
 * `.zip` file, or a folder for the unpacked form). test/hostile.test.ts writes them to a temp
 * folder and deletes them after.
 */
export const largeHostileFixtures: Readonly<Record<string, { kind: 'zip' | 'folder'; write(target: string): Promise<void> }>> = {
  'huge-customizations-zip': {
    kind: 'zip',
    async write(target) {
      const entries = sampleEntries();
      await writeZipFile(target, [
        ...entries.filter((e) => e.name !== 'customizations.xml').map((e) => ({ name: e.name, data: e.data ?? '' })),
        { name: 'customizations.xml', chunks: () => paddedCustomizations(LARGE_MB * MiB) },
      ]);
    },
  },
  'huge-customizations-folder': {
    kind: 'folder',
    async write(target) {
      for (const e of sampleEntries()) {
        if (e.name === 'customizations.xml') continue;
        mkdirSync(path.dirname(path.join(target, e.name)), { recursive: true });
        writeFileSync(path.join(target, e.name), e.data ?? '');
      }
      const out = createWriteStream(path.join(target, 'customizations.xml'));
      for (const c of paddedCustomizations(LARGE_MB * MiB)) if (!out.write(c)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    },
  },
  'huge-definition': {
    kind: 'zip',
    async write(target) {
      const script = bigScript(9 * MiB);
      await writeZipFile(
        target,
        sampleEntries({ 'customizations.xml': { data: customizationsXml(xmlEscape(JSON.stringify(script))) } }).map((e) => ({ name: e.name, data: e.data ?? '' })),
      );
    },
  },
  'too-many-entries': {
    kind: 'zip',
    async write(target) {
      const extra = Array.from({ length: 100_000 }, (_, i) => ({ name: `Other/${i}.txt`, data: '' }));
      await writeZipFile(target, [...sampleEntries().map((e) => ({ name: e.name, data: e.data ?? '' })), ...extra]);
    },
  },
};

/** Every hostile input the generator makes: the in-memory zips, then the large ones. */
export function hostileNames(): string[] {
  return [...Object.keys(hostileFixtures()), ...Object.keys(largeHostileFixtures)];
}

// ---- command line --------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: tsx scripts/make-hostile-fixtures.ts OUT_DIR');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of Object.entries(hostileFixtures())) writeFileSync(path.join(outDir, `${name}.zip`), bytes);
  if (process.argv.includes('--large')) {
    for (const [name, f] of Object.entries(largeHostileFixtures)) await f.write(path.join(outDir, f.kind === 'zip' ? `${name}.zip` : name));
  }
}
