/**
 * Generates TypeScript types from the JSON Schemas in `schemas/` with json-schema-to-typescript:
 * `schemas/<name>.schema.json` → `src/generated/<name>.ts`.
 *
 *   npx tsx scripts/gen-types.ts          write the files
 *   npx tsx scripts/gen-types.ts --check  exit 1 if any file is stale, missing or orphaned
 *
 * Output is deterministic: every option of json-schema-to-typescript and of the prettier run it
 * does is pinned here (prettier's `format` does not read config files), schemas are processed in
 * sorted order, and line ends are LF.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Options } from 'json-schema-to-typescript';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');
export const GENERATED_DIR = path.join(REPO_ROOT, 'src', 'generated');

const SCHEMA_SUFFIX = '.schema.json';
/** First line of every generated file; also how orphaned generated files are recognised. */
export const BANNER_FIRST_LINE = '/* generated — do not edit.';

function banner(schemaFile: string): string {
  return [
    `${BANNER_FIRST_LINE} Source: schemas/${schemaFile}`,
    ' * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */',
  ].join('\n');
}

/** Every option pinned, so that output does not depend on json-schema-to-typescript's defaults. */
function options(schemaFile: string, schemasDir: string): Partial<Options> {
  return {
    bannerComment: banner(schemaFile),
    cwd: schemasDir,
    // Schemas state additionalProperties explicitly where it matters; when they do not, follow
    // JSON Schema's meaning (anything is allowed) so the types never claim more than ajv checks.
    additionalProperties: true,
    declareExternallyReferenced: true,
    enableConstEnums: true,
    inferStringEnumKeysFromValues: false,
    format: true,
    ignoreMinAndMaxItems: true,
    maxItems: -1,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    unknownAny: true,
    style: {
      parser: 'typescript',
      printWidth: 100,
      tabWidth: 2,
      useTabs: false,
      semi: true,
      singleQuote: true,
      quoteProps: 'as-needed',
      trailingComma: 'all',
      bracketSpacing: true,
      arrowParens: 'always',
      endOfLine: 'lf',
    },
  };
}

/** `flowc.config.schema.json` → `flowc.config.ts` */
export function outputName(schemaFile: string): string {
  return schemaFile.slice(0, -SCHEMA_SUFFIX.length) + '.ts';
}

export function listSchemas(schemasDir: string = SCHEMAS_DIR): string[] {
  return readdirSync(schemasDir)
    .filter((f) => f.endsWith(SCHEMA_SUFFIX))
    .sort();
}

/**
 * The pure part: reads every schema in `schemasDir` and returns generated file name → content.
 * Writes nothing.
 */
export async function generateTypes(schemasDir: string = SCHEMAS_DIR): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const schemaFile of listSchemas(schemasDir)) {
    const schema = JSON.parse(readFileSync(path.join(schemasDir, schemaFile), 'utf8')) as Record<string, unknown>;
    const typeName = typeof schema['title'] === 'string' ? schema['title'] : outputName(schemaFile).slice(0, -3);
    let ts = await compile(schema, typeName, options(schemaFile, schemasDir));
    ts = ts.replace(/\r\n/g, '\n');
    if (!ts.endsWith('\n')) ts += '\n';
    out.set(outputName(schemaFile), ts);
  }
  return out;
}

export interface StaleReport {
  /** Generated files whose content differs from what is on disk, or that are missing. */
  stale: string[];
  /** Generated files on disk (recognised by the banner) whose schema no longer exists. */
  orphaned: string[];
}

/** Compares freshly generated files with `generatedDir`. */
export async function findStale(
  schemasDir: string = SCHEMAS_DIR,
  generatedDir: string = GENERATED_DIR,
): Promise<StaleReport> {
  const fresh = await generateTypes(schemasDir);
  const stale: string[] = [];
  for (const [name, content] of fresh) {
    const file = path.join(generatedDir, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(name);
  }
  const orphaned = existingGenerated(generatedDir).filter((name) => !fresh.has(name));
  return { stale, orphaned };
}

function existingGenerated(generatedDir: string): string[] {
  if (!existsSync(generatedDir)) return [];
  return readdirSync(generatedDir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => readFileSync(path.join(generatedDir, f), 'utf8').startsWith(BANNER_FIRST_LINE))
    .sort();
}

/** The command line: writes the files, or with `--check` reports stale ones; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  if (check) {
    const { stale, orphaned } = await findStale();
    for (const f of stale) console.error(`stale: src/generated/${f}`);
    for (const f of orphaned) console.error(`orphaned (no schema): src/generated/${f}`);
    if (stale.length || orphaned.length) {
      console.error('run `npx tsx scripts/gen-types.ts` to regenerate');
      return 1;
    }
    console.log('generated types are up to date');
    return 0;
  }
  const fresh = await generateTypes();
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const [name, content] of fresh) {
    const file = path.join(GENERATED_DIR, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    writeFileSync(file, content);
    console.log(`wrote src/generated/${name}`);
  }
  for (const name of existingGenerated(GENERATED_DIR)) {
    if (!fresh.has(name)) {
      rmSync(path.join(GENERATED_DIR, name));
      console.log(`removed src/generated/${name} (its schema is gone)`);
    }
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(3);
    },
  );
}
