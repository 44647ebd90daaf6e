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
import { undeclaredInput } from './FC011-undeclared-input.js';
import { unknownConnectionReference } from './FC101-unknown-connection-reference.js';
import { connectorMismatch } from './FC102-connector-mismatch.js';
import { unknownOperation } from './FC103-unknown-operation.js';
import { unsupportedDataverseOperation } from './FC104-unsupported-dataverse-operation.js';
import { customConnector } from './FC105-custom-connector.js';
import { missingRequiredParameter } from './FC106-missing-required-parameter.js';
import { unknownParameter } from './FC107-unknown-parameter.js';
import { unusedConnectionReference } from './FC108-unused-connection-reference.js';
import { deprecatedOperation } from './FC109-deprecated-operation.js';
import { notDefaultConnector } from './FC110-not-default-connector.js';
import { filePassedToConnector } from './FC201-file-passed-to-connector.js';
import { binaryUsedAsFile } from './FC202-binary-used-as-file.js';
import { cloudRunRequiresV2 } from './FC301-cloud-run-requires-v2.js';
import { cloudRunRequiresEmbedded } from './FC302-cloud-run-requires-embedded.js';
import { embedNotOwned } from './FC303-embed-not-owned.js';
import { runOnlyUsersBringOwnConnection } from './FC304-run-only-users-bring-own-connection.js';
import { embeddedUnshared } from './FC305-embedded-unshared.js';
import { childFlowCloudRun } from './FC306-child-flow-cloud-run.js';
import { schemaV1 } from './FC307-schema-v1.js';
import { outlookEwsUserAgents } from './FC308-outlook-ews-user-agents.js';
import { unboundConnectionReference } from './FC309-unbound-connection-reference.js';
import { childFlowCycle } from './FC310-child-flow-cycle.js';
import { dlpBlockedConnector } from './FC401-dlp-blocked-connector.js';
import { dlpMixedGroups } from './FC402-dlp-mixed-groups.js';
import { dlpBlockedAction } from './FC403-dlp-blocked-action.js';
import { dlpDesktopModule } from './FC404-dlp-desktop-module.js';
import { hardcodedSecret } from './FC405-hardcoded-secret.js';

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
  undeclaredInput,
  unknownConnectionReference,
  connectorMismatch,
  unknownOperation,
  unsupportedDataverseOperation,
  customConnector,
  missingRequiredParameter,
  unknownParameter,
  unusedConnectionReference,
  deprecatedOperation,
  notDefaultConnector,
  filePassedToConnector,
  binaryUsedAsFile,
  cloudRunRequiresV2,
  cloudRunRequiresEmbedded,
  embedNotOwned,
  runOnlyUsersBringOwnConnection,
  embeddedUnshared,
  childFlowCloudRun,
  schemaV1,
  outlookEwsUserAgents,
  unboundConnectionReference,
  childFlowCycle,
  dlpBlockedConnector,
  dlpMixedGroups,
  dlpBlockedAction,
  dlpDesktopModule,
  hardcodedSecret,
];

export const rulesByCode: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.code, r]));
