/**
 * `flowc init`: a starter flowc.config.json (with `$schema`, so editors validate and explain it)
 * and one example flow. Never overwrites: an existing file is an error (exit 2) and nothing is
 * written.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { schemaUrl } from '../../inputs/schema-registry.js';
import type { Io } from '../io.js';

const SCHEMA_FILE = fileURLToPath(schemaUrl('flowc.config'));

export const EXAMPLE_FLOW = `FLOW 'Hello flowc'
    SCHEMA V2
    RUNS CONSOLE
END FLOW
@INPUT Input_Name : { 'Description': 'Who to greet', 'FriendlyName': 'Input_Name', 'Type': 'String', 'IsOptional': False, 'DefaultValue': 'world' }
@OUTPUT Output_Greeting : { 'Description': 'The greeting', 'FriendlyName': 'Output_Greeting', 'Type': 'String' }
SET Output_Greeting TO $'''Hello, %Input_Name%!'''
`;

/** Where a project finds the schema once flowc is a dev dependency (`npm i -D flowc`). */
export const INSTALLED_SCHEMA = './node_modules/flowc/schemas/flowc.config.schema.json';

/**
 * The config's `$schema`: a path relative to the project, never into wherever this flowc happens
 * to be installed (a global or npx install moves). Inside flowc's own clone, its schemas/ folder;
 * anywhere else node_modules/flowc/schemas/…, which works after `npm i -D flowc`.
 */
function schemaReference(cwd: string): string {
  const relative = path.relative(cwd, SCHEMA_FILE);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules');
  return inside ? `./${relative.split(path.sep).join('/')}` : INSTALLED_SCHEMA;
}

export function init(io: Io): number {
  const configFile = path.join(io.cwd, 'flowc.config.json');
  const flowFile = path.join(io.cwd, 'flows', 'hello.flow');
  const existing = [configFile, flowFile].filter((f) => existsSync(f));
  if (existing.length) {
    throw new UsageError(`${existing.map((f) => path.relative(io.cwd, f)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; flowc init writes nothing`);
  }
  const schema = schemaReference(io.cwd);
  const config = {
    $schema: schema,
    include: ['flows/**/*.flow'],
    exclude: [],
    rules: { FC006: 'warning' },
  };
  mkdirSync(path.dirname(flowFile), { recursive: true });
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
  writeFileSync(flowFile, EXAMPLE_FLOW, { flag: 'wx' });
  const note = schema === INSTALLED_SCHEMA && !existsSync(path.join(io.cwd, INSTALLED_SCHEMA)) ? '\n(editors validate flowc.config.json once flowc is installed in the project: npm i -D flowc)' : '';
  io.stdout(`wrote flowc.config.json and flows/hello.flow${note}\nnext: flowc check\n`);
  return 0;
}
