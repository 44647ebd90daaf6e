/**
 * Every rule flowc has, in code order. Adding a rule: one file in this folder, one line here,
 * fixtures in fixtures/<code>/, a doc in docs/rules/<code>.md.
 */
import type { Rule } from './rule.js';
import { syntaxError } from './FC001-syntax-error.js';
import { unknownSubflow } from './FC002-unknown-subflow.js';
import { duplicateSubflow } from './FC003-duplicate-subflow.js';
import { unknownLabel } from './FC004-unknown-label.js';
import { undefinedVariable } from './FC005-undefined-variable.js';
import { unusedVariable } from './FC006-unused-variable.js';
import { unreachableCode } from './FC007-unreachable-code.js';
import { unknownAction } from './FC008-unknown-action.js';
import { unusedSuppression } from './FC009-unused-suppression.js';

export const allRules: readonly Rule[] = [
  syntaxError,
  unknownSubflow,
  duplicateSubflow,
  unknownLabel,
  undefinedVariable,
  unusedVariable,
  unreachableCode,
  unknownAction,
  unusedSuppression,
];

export const rulesByCode: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.code, r]));
