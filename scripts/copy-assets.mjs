// Copies the data files the compiled code reads at run time (src/**/*.json) into dist/.
// Plain Node (no tsx): it runs in `npm run build`, which `prepare` runs on install.
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.json')) {
      const target = path.join(root, 'dist', path.relative(path.join(root, 'src'), p));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(p, target);
    }
  }
}
walk(path.join(root, 'src'));
