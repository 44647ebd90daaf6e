/** SARIF validation against its real consumers: the official 2.1.0 schema (ajv) and `sarif-multitool validate`. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const multitoolDir = path.dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json'));
let validateSchema: ReturnType<InstanceType<typeof Ajv2020.default>['compile']> | undefined;

/** Schema errors (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validateSchema) {
    const schema = JSON.parse(readFileSync(path.join(multitoolDir, 'sarif-2.1.0.json'), 'utf8'));
    validateSchema = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return validateSchema(log) ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The results of `sarif-multitool validate` at level error (empty when the log passes). */
export function multitoolErrors(text: string): { message?: { text?: string }; ruleId?: string }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowc-sarif-'));
  try {
    const input = path.join(dir, 'in.sarif');
    const output = path.join(dir, 'out.sarif');
    writeFileSync(input, text);
    try {
      execFileSync(path.join(multitoolDir, 'Sarif.Multitool'), ['validate', input, '--output', output], {
        stdio: 'pipe',
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      });
    } catch {
      /* a non-zero exit still writes the output log */
    }
    const results = (JSON.parse(readFileSync(output, 'utf8')).runs[0].results ?? []) as { level?: string; message?: { text?: string }; ruleId?: string }[];
    return results.filter((x) => (x.level ?? 'warning') === 'error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
