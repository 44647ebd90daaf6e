/**
 * JSON pointers (RFC 6901): the one place flowc splits, escapes and shows them — ajv reports
 * locations as pointers, swagger `$ref`s are pointers in a URI fragment, and users read JSON
 * paths (`$.environments.prod.dlpPolicies[0]`).
 */

/** A reference token as written in a pointer (`~1` → `/`, `~0` → `~`). */
export function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A key as a reference token (`/` → `~1`, `~` → `~0`). */
export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The keys of a pointer (`""` → `[]`, `/a/b~1c` → `["a", "b/c"]`). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeSegment);
}

/** `/environments/prod/dlpPolicies/0` → `$.environments.prod.dlpPolicies[0]` (arrays known from `data`). */
export function pointerToJsonPath(pointer: string, data?: unknown): string {
  let out = '$';
  let node: unknown = data;
  for (const key of pointerSegments(pointer)) {
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      out += `[${key}]`;
      node = node[Number(key)];
    } else {
      out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}
