/** flowc's version (kept equal to package.json's by a test). */
export const VERSION = '0.1.0';

/** The project's repository (package.json `repository`/`homepage`, kept equal by a test): where links in output point. */
export const HOMEPAGE = 'https://github.com/flowc-dev/flowc';

/** A rule's documentation page in the repository: `${RULE_DOCS_WEB}FC001.md`. */
export const RULE_DOCS_WEB = `${HOMEPAGE}/blob/main/docs/rules/`;
