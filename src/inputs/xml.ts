import { XMLParser } from 'fast-xml-parser';
import { inputError, wrapError } from './errors.js';

/*
 * XML from solutions, parsed with fast-xml-parser and no DTD processing at all: a document with a
 * DOCTYPE or ENTITY declaration is refused before parsing (no entity expansion, no external
 * entities, no billion laughs). Only the five predefined entities and character references are
 * decoded — the references every XML document may use without declaring anything.
 */

/** A parsed element: child elements by name, attributes as `@_name`, text as `#text`. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0 `Char`: what a character reference may denote. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * The entity decoder handed to fast-xml-parser. Any other `&name;` is an undeclared entity,
 * which makes the document not well-formed; DTD entities can never be added.
 */
const entityDecoder = {
  decode(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (reference, body: string) => {
      if (body.startsWith('#')) {
        const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!isXmlChar(cp)) throw new Error(`invalid character reference ${reference}`);
        return String.fromCodePoint(cp);
      }
      const value = PREDEFINED[body];
      if (value === undefined) throw new Error(`undeclared entity ${reference}`);
      return value;
    });
  },
  addInputEntities(): void {
    throw new Error('DOCTYPE entity declarations are not allowed');
  },
  setExternalEntities(): void {},
  reset(): void {},
  setXmlVersion(): void {},
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay strings exactly as written: no number parsing, no trimming.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const DTD = /<!\s*(DOCTYPE|ENTITY)\b/i;

/**
 * Parses one XML entry of a solution. Throws InputError (naming the solution and the entry) for
 * a DOCTYPE/ENTITY declaration or for XML that is not well-formed.
 */
export function parseXml(text: string, path: string, entry: string): XmlNode {
  const dtd = DTD.exec(text);
  if (dtd) throw inputError(path, entry, `XML with a <!${dtd[1]!.toUpperCase()}> declaration is not allowed`);
  try {
    // `true`: validate first, so malformed XML is an error rather than a partial tree.
    return parser.parse(text, true) as XmlNode;
  } catch (error) {
    throw wrapError(error, path, entry, 'malformed XML');
  }
}

// ---- reading the parsed tree -------------------------------------------------------------

/** A child element, or undefined. For a repeated element, the first one. */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const element = Array.isArray(node) ? node[0] : node;
  if (element === undefined || typeof element === 'string' || Array.isArray(element)) return undefined;
  return element[name];
}

/** Follows a path of child elements. */
export function descend(node: XmlValue | undefined, ...names: string[]): XmlValue | undefined {
  return names.reduce<XmlValue | undefined>((current, name) => child(current, name), node);
}

/** All elements called `name` under `node` (fast-xml-parser gives one element, or an array when repeated). */
export function children(node: XmlValue | undefined, name: string): XmlNode[] {
  const value = child(node, name);
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // An empty element (`<Workflow/>`) parses as ''; keep element shapes only.
  return list.map((v) => (typeof v === 'string' ? {} : v)).filter((v): v is XmlNode => !Array.isArray(v));
}

/** An element's text content; undefined when the element is absent. */
export function text(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

/** A child element's text, trimmed; undefined when absent or empty. */
export function childText(node: XmlValue | undefined, name: string): string | undefined {
  const value = text(child(node, name))?.trim();
  return value === '' ? undefined : value;
}

/** An attribute's value; undefined when absent. */
export function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}
