import { toPrettyXml, xmlElement, type XmlElement } from './minidom-pretty';
import { pyStr, pyTruthy } from '../py';
import { isRecord } from '../util/is-record';
import { getOr } from './py-values';
import { arrayCount, generateSimple } from './schema';
import type { GeneratedFile, Generator, GeneratorContext } from './types';

/**
 * `create_xml` (spec §5.8). Keys of `content.schema` become child elements of `root_element`
 * (default `root`); `namespace` becomes `xmlns` on the root. A string leaf is a semantic type name,
 * other scalars are written with Python's `str()` (`True`, `None`, `2.5`); a typed `array` is a
 * container of `count` children named `element_name` (default `item`); a typed `object` recurses into
 * `properties`; other typed nodes give their generated value as text. Without a schema the root holds
 * `<message>`, `<timestamp>` and `<id>`.
 */
export const createXml: Generator = (targetFile, content, ctx) => {
  const root = xmlElement(pyStr(getOr(content, 'root_element', 'root')));
  const namespace = getOr(content, 'namespace', null);
  if (pyTruthy(namespace)) root.attrs.push(['xmlns', pyStr(namespace)]);
  const schema = getOr(content, 'schema', {});
  if (!pyTruthy(schema)) {
    xmlElement('message', root).text = ctx.data.field('lorem_words');
    xmlElement('timestamp', root).text = ctx.data.field('date');
    xmlElement('id', root).text = ctx.data.field('id');
  } else {
    if (!isRecord(schema)) throw new Error(`content.schema must be a mapping of element names, got ${pyStr(schema)}`);
    buildFromSchema(root, schema, ctx);
  }
  const file: GeneratedFile = { path: targetFile, kind: 'text', content: toPrettyXml(root) };
  return [file];
};

function hasType(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && Object.prototype.hasOwnProperty.call(v, 'type');
}

/** `_build_xml_from_schema`: one child element per key of `schema`. */
function buildFromSchema(parent: XmlElement, schema: Record<string, unknown>, ctx: GeneratorContext): void {
  for (const [key, node] of Object.entries(schema)) {
    if (hasType(node)) {
      buildTyped(parent, key, node, ctx);
    } else if (isRecord(node)) {
      buildFromSchema(xmlElement(key, parent), node, ctx);
    } else {
      xmlElement(key, parent).text = leafText(node, ctx);
    }
  }
}

/** A string is a semantic type name; any other leaf is Python `str(value)`. */
function leafText(node: unknown, ctx: GeneratorContext): string {
  return typeof node === 'string' ? ctx.data.field(node) : pyStr(node);
}

function properties(node: Record<string, unknown>): Record<string, unknown> {
  const props = getOr(node, 'properties', {});
  return isRecord(props) ? props : {};
}

function buildTyped(parent: XmlElement, name: string, node: Record<string, unknown>, ctx: GeneratorContext): void {
  if (node.type === 'array') {
    const container = xmlElement(name, parent);
    const items = getOr(node, 'items', 'lorem_words');
    const itemName = pyStr(getOr(node, 'element_name', 'item'));
    const count = arrayCount(node, ctx);
    for (let i = 0; i < count; i++) buildArrayItem(xmlElement(itemName, container), items, ctx);
  } else if (node.type === 'object') {
    buildFromSchema(xmlElement(name, parent), properties(node), ctx);
  } else {
    xmlElement(name, parent).text = pyStr(generateSimple(node, ctx));
  }
}

function buildArrayItem(item: XmlElement, items: unknown, ctx: GeneratorContext): void {
  if (hasType(items)) {
    if (items.type === 'object') buildFromSchema(item, properties(items), ctx);
    else item.text = pyStr(generateSimple(items, ctx));
  } else if (isRecord(items)) {
    buildFromSchema(item, items, ctx);
  } else {
    item.text = leafText(items, ctx);
  }
}
