import { findSecrets } from '../analysis/secrets.js';
import type { FileRule } from './rule.js';

export { isSecretName, maskSecret } from '../analysis/secrets.js';

/**
 * FC405 (warning): a secret written into the flow as a literal, where anyone who can read the
 * flow (or its git history) can read it: a literal given to a name that says it is a secret, a
 * connection string with a password, or text shaped like a well-known credential (the finding
 * itself is src/analysis/secrets.ts, which also tells the CLI what to mask in its output).
 * Variables and inputs listed in `@SENSITIVE` are the flow's own secret handling and are left
 * alone. Messages show at most the first two characters of a secret.
 */

const HELP =
  'pass the secret in at run time instead: a sensitive @INPUT (listed in @SENSITIVE), a credential store (Windows Credential Manager, CyberArk, Azure Key Vault) or an environment variable; then rotate the exposed secret';

export const hardcodedSecret: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC405',
    name: 'hardcoded-secret',
    severity: 'warning',
    description: 'A password, token, key or connection string with a password is written into the flow as a literal.',
    help: HELP,
  },
  check(ctx) {
    for (const f of findSecrets(ctx.flow)) {
      if (!f.sensitive) ctx.report({ span: f.span, message: f.message, help: HELP });
    }
  },
};
