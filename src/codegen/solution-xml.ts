/**
 * The XML documents of a Dataverse solution, built with fast-xml-parser's XMLBuilder (never by
 * hand), in the shape of the solutions Power Platform exports (see the two real solutions under
 * fixtures/corpus/padframework): `[Content_Types].xml`, `solution.xml` (the manifest: unique
 * name, version, publisher, root components, missing dependencies) and `customizations.xml`
 * (the desktop flows' `<Workflow>` records, category 6, and the `<connectionreference>`
 * components). Element order and the codes (component type 29 = workflow, Category 6 = desktop
 * flow, UIFlowType 2 = desktop flow, StateCode 1 / StatusCode 2 = activated) are those of the
 * real exports. Pure: the same input gives the same text.
 */
import { XMLBuilder } from 'fast-xml-parser';

/** Solution component type codes (Dataverse `componenttype`). */
export const COMPONENT_TYPE = { workflow: 29, connector: 372, environmentVariableDefinition: 380 } as const;
/** `<Category>` of a desktop flow workflow record. */
export const DESKTOP_FLOW_CATEGORY = 6;
/** `<UIFlowType>` of a Power Automate desktop flow. */
export const DESKTOP_UI_FLOW_TYPE = 2;
export const LANGUAGE_CODE = 1033;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** What `solution.xml` says about the format (as the real exports: Dataverse 9.2). */
const IMPORT_EXPORT_VERSION = '9.2.0.0';
const SOLUTION_PACKAGE_VERSION = '9.2';

type XmlObject = { [key: string]: XmlContent };
type XmlContent = string | number | XmlObject | XmlObject[];

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
});

function document(root: string, content: XmlObject): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [root]: content }) as string;
}

const NIL: XmlObject = { '@_xsi:nil': 'true' };

function localizedNames(name: string): XmlObject {
  return { LocalizedName: { '@_description': name, '@_languagecode': String(LANGUAGE_CODE) } };
}

function descriptions(description: string | undefined): XmlObject | '' {
  return description ? { Description: { '@_description': description, '@_languagecode': String(LANGUAGE_CODE) } } : '';
}

// ---- [Content_Types].xml -------------------------------------------------------------------

export function contentTypesXml(): string {
  return document('Types', {
    '@_xmlns': 'http://schemas.openxmlformats.org/package/2006/content-types',
    Default: [
      { '@_Extension': 'xml', '@_ContentType': 'application/octet-stream' },
      { '@_Extension': 'json', '@_ContentType': 'application/octet-stream' },
    ],
  });
}

// ---- solution.xml ----------------------------------------------------------------------------

export interface ManifestPublisher {
  uniqueName: string;
  displayName: string;
  prefix: string;
  optionValuePrefix: number;
}

export interface ManifestInput {
  uniqueName: string;
  displayName: string;
  description?: string;
  version: string;
  managed: boolean;
  publisher: ManifestPublisher;
  /** Workflow ids (lower case, no braces), in the order to list them. */
  workflowIds: readonly string[];
  missingDependencies: readonly MissingDependency[];
}

/** A component the solution needs and does not hold; the target environment must have it. */
export interface MissingDependency {
  required: { type: number; id?: string; schemaName?: string; displayName: string };
  /** The desktop flow that needs it. */
  dependent: { id: string; displayName: string };
}

/** The address fields every exported publisher carries (all nil but the codes), twice. */
const ADDRESS_FIELDS = [
  'City', 'County', 'Country', 'Fax', 'FreightTermsCode', 'ImportSequenceNumber', 'Latitude', 'Line1', 'Line2', 'Line3',
  'Longitude', 'Name', 'PostalCode', 'PostOfficeBox', 'PrimaryContactName',
] as const;
const ADDRESS_FIELDS_AFTER = ['StateOrProvince', 'Telephone1', 'Telephone2', 'Telephone3', 'TimeZoneRuleVersionNumber', 'UPSZone', 'UTCOffset', 'UTCConversionTimeZoneCode'] as const;

function address(n: number): XmlObject {
  const a: XmlObject = { AddressNumber: n, AddressTypeCode: 1 };
  for (const f of ADDRESS_FIELDS) a[f] = NIL;
  a.ShippingMethodCode = 1;
  for (const f of ADDRESS_FIELDS_AFTER) a[f] = NIL;
  return a;
}

export function guidInBraces(id: string): string {
  return `{${id}}`;
}

export function solutionXml(m: ManifestInput): string {
  const publisher: XmlObject = {
    UniqueName: m.publisher.uniqueName,
    LocalizedNames: localizedNames(m.publisher.displayName),
    Descriptions: '',
    EMailAddress: NIL,
    SupportingWebsiteUrl: NIL,
    CustomizationPrefix: m.publisher.prefix,
    CustomizationOptionValuePrefix: m.publisher.optionValuePrefix,
    Addresses: { Address: [address(1), address(2)] },
  };
  const rootComponents: XmlObject[] = m.workflowIds.map((id) => ({ '@_type': String(COMPONENT_TYPE.workflow), '@_id': guidInBraces(id), '@_behavior': '0' }));
  const missing: XmlObject[] = m.missingDependencies.map((d) => ({
    Required: {
      '@_type': String(d.required.type),
      ...(d.required.id !== undefined ? { '@_id': guidInBraces(d.required.id) } : {}),
      ...(d.required.schemaName !== undefined ? { '@_schemaName': d.required.schemaName } : {}),
      '@_displayName': d.required.displayName,
      // Where the target environment is to have it: its active layer (any solution).
      '@_solution': 'Active',
    },
    Dependent: { '@_type': String(COMPONENT_TYPE.workflow), '@_id': guidInBraces(d.dependent.id), '@_displayName': d.dependent.displayName },
  }));
  return document('ImportExportXml', {
    '@_version': IMPORT_EXPORT_VERSION,
    '@_SolutionPackageVersion': SOLUTION_PACKAGE_VERSION,
    '@_languagecode': String(LANGUAGE_CODE),
    '@_generatedBy': 'CrmLive',
    '@_xmlns:xsi': XSI,
    SolutionManifest: {
      UniqueName: m.uniqueName,
      LocalizedNames: localizedNames(m.displayName),
      Descriptions: descriptions(m.description),
      Version: m.version,
      Managed: m.managed ? 1 : 0,
      Publisher: publisher,
      RootComponents: rootComponents.length ? { RootComponent: rootComponents } : '',
      MissingDependencies: missing.length ? { MissingDependency: missing } : '',
    },
  });
}

// ---- customizations.xml ----------------------------------------------------------------------

/** One desktop flow's `<Workflow>`: JSON-valued elements are given as JSON text. */
export interface WorkflowRecordInput {
  workflowId: string;
  name: string;
  description?: string;
  /** `/Workflows/<file>.json`, as the record's `<JsonFileName>`. */
  jsonFileName: string;
  metadata: string;
  inputs: string;
  outputs: string;
  dependencies: string;
  connectionReferences: string;
  /** JSON string holding the script. */
  definition: string;
  schemaVersion: string;
}

export interface ConnectionReferenceComponentInput {
  logicalName: string;
  displayName: string;
  connectorId: string;
  description?: string;
}

function workflowElement(w: WorkflowRecordInput): XmlObject {
  return {
    '@_WorkflowId': guidInBraces(w.workflowId),
    '@_Name': w.name,
    JsonFileName: w.jsonFileName,
    Type: 1,
    Subprocess: 0,
    Category: DESKTOP_FLOW_CATEGORY,
    Mode: 0,
    Scope: 4,
    OnDemand: 0,
    TriggerOnCreate: 0,
    TriggerOnDelete: 0,
    AsyncAutodelete: 0,
    SyncWorkflowLogOnFailure: 0,
    StateCode: 1,
    StatusCode: 2,
    RunAs: 1,
    IsTransacted: 1,
    IntroducedVersion: '1.0',
    IsCustomizable: 1,
    BusinessProcessType: 0,
    UIFlowType: DESKTOP_UI_FLOW_TYPE,
    IsCustomProcessingStepAllowedForOtherPublishers: 1,
    ...(w.description ? { Description: w.description } : {}),
    Metadata: w.metadata,
    Inputs: w.inputs,
    Outputs: w.outputs,
    Dependencies: w.dependencies,
    ConnectionReferences: w.connectionReferences,
    Definition: w.definition,
    SchemaVersion: w.schemaVersion,
    DesktopFlowModules: '[]',
    PrimaryEntity: 'none',
    LocalizedNames: localizedNames(w.name),
  };
}

function connectionReferenceElement(c: ConnectionReferenceComponentInput): XmlObject {
  return {
    '@_connectionreferencelogicalname': c.logicalName,
    connectionreferencedisplayname: c.displayName,
    connectorid: c.connectorId,
    ...(c.description ? { description: c.description } : {}),
    iscustomizable: 1,
    promptingbehavior: 0,
    statecode: 0,
    statuscode: 1,
  };
}

export function customizationsXml(workflows: readonly WorkflowRecordInput[], references: readonly ConnectionReferenceComponentInput[]): string {
  return document('ImportExportXml', {
    '@_xmlns:xsi': XSI,
    Entities: '',
    Roles: '',
    Workflows: workflows.length ? { Workflow: workflows.map(workflowElement) } : '',
    FieldSecurityProfiles: '',
    Templates: '',
    EntityMaps: '',
    EntityRelationships: '',
    OrganizationSettings: '',
    optionsets: '',
    CustomControls: '',
    EntityDataProviders: '',
    connectionreferences: references.length ? { connectionreference: references.map(connectionReferenceElement) } : '',
    Languages: { Language: String(LANGUAGE_CODE) },
  });
}

/**
 * `Workflows/<file>.json.data.xml` of an unpacked solution (`pac solution unpack`): the record's
 * `<Workflow>` element as a document of its own; the unpacked `Customizations.xml` then lists
 * no workflows (pack puts them back).
 */
export function workflowDataXml(w: WorkflowRecordInput): string {
  return document('Workflow', { '@_xmlns:xsi': XSI, ...workflowElement(w) });
}
