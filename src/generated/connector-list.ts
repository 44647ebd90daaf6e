/* generated — do not edit. Source: schemas/connector-list.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A tenant's connector list as the Power Apps API returns it (`GET https://api.powerapps.com/providers/Microsoft.PowerApps/apis?api-version=2016-11-01`), named in `connectors` of flowc.config.json: the name, display name, tier and publisher of every connector the tenant has (standard, premium, certified and custom). Other properties the API returns are allowed and ignored.
 */
export interface ConnectorList {
  /**
   * The connectors.
   */
  value: ConnectorListEntry[];
  /**
   * The next page of the list, when the API paged it (flowc reads only this file; save every page).
   */
  nextLink?: string;
  [k: string]: unknown | undefined;
}
/**
 * One connector of the list.
 */
export interface ConnectorListEntry {
  /**
   * The connector's short name (`shared_salesforce`, `shared_contoso-5finvoices-5f…` for a custom connector).
   */
  name: string;
  /**
   * The connector's full id (`/providers/Microsoft.PowerApps/apis/shared_…`).
   */
  id?: string;
  properties: {
    /**
     * The connector's display name.
     */
    displayName?: string;
    /**
     * The licensing tier: "Standard" or "Premium"; any other value ("NotSpecified") leaves the tier unknown — never Standard.
     */
    tier?: string;
    /**
     * Who publishes the connector ("Microsoft", a certified partner, or the tenant for a custom connector).
     */
    publisher?: string;
    /**
     * A custom connector of the tenant.
     */
    isCustomApi?: boolean;
    /**
     * The connector's OpenAPI (swagger 2.0) document, present when the list was requested with `$expand=swagger`: its operations are then known too.
     */
    swagger?: {
      [k: string]: unknown | undefined;
    };
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
