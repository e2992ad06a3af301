/**
 * A minimal element tree and the reference's XML formatting: `minidom.parseString(ET.tostring(root))
 * .toprettyxml(indent="  ")` with whitespace-only lines removed (Python 3.11). That gives the header
 * `<?xml version="1.0" ?>`, 2-space indentation, a lone text child inline (`<a>5</a>`), `<a/>` for an
 * element without content, `& < " >` escaped in text and attributes, and no final newline.
 */
export interface XmlElement {
  name: string;
  attrs: Array<[string, string]>;
  text: string | null;
  children: XmlElement[];
}

/** A new element, optionally appended to `parent` (ElementTree's `SubElement`). */
export function xmlElement(name: string, parent?: XmlElement): XmlElement {
  if (!isXmlName(name)) throw new Error(`Invalid XML element name: ${JSON.stringify(name)}`);
  const el: XmlElement = { name, attrs: [], text: null, children: [] };
  parent?.children.push(el);
  return el;
}

/** XML 1.0 Name production, reduced to the characters a YAML key plausibly holds (no `:` namespaces). */
function isXmlName(name: string): boolean {
  return /^[A-Za-z_\u00C0-\uFFEF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFEF]*$/u.test(name);
}

/** minidom's `_write_data` in Python 3.11 (the same escaping for text and attribute values). */
function escapeData(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

function writeElement(el: XmlElement, indent: string, out: string[]): void {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeData(v)}"`).join('');
  const open = `${indent}<${el.name}${attrs}`;
  // ET drops empty text, so `text == ""` serialises like no content at all.
  const text = el.text ? el.text.replace(/\r\n?/g, '\n') : '';
  if (el.children.length === 0) {
    out.push(text ? `${open}>${escapeData(text)}</${el.name}>` : `${open}/>`);
    return;
  }
  out.push(`${open}>`);
  if (text) out.push(`${indent}  ${escapeData(text)}`);
  for (const child of el.children) writeElement(child, `${indent}  `, out);
  out.push(`${indent}</${el.name}>`);
}

/** The formatted document, lines joined by `\n`, without a final newline. */
export function toPrettyXml(root: XmlElement): string {
  const lines: string[] = ['<?xml version="1.0" ?>'];
  writeElement(root, '', lines);
  return lines
    .join('\n')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}
