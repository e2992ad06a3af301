/**
 * XML parsing into the tree `xml.etree.ElementTree.parse` gives the reference (tag, attrib, `text`, `tail`,
 * children), on top of the `saxes` tokenizer, which does the well-formedness checks, entities, line-ending and
 * attribute-value normalisation, and namespace resolution. As in ElementTree's default XMLParser:
 * - a tag in a namespace is `{uri}local` (so with a default namespace a bare `item` path matches nothing);
 *   a prefixed attribute is `{uri}local`, an unprefixed one keeps its plain name, `xmlns`/`xmlns:p` are not in
 *   `attrib`;
 * - comments and processing instructions are dropped (the text around them joins), CDATA is text;
 * - internal entities declared in the DOCTYPE with a plain-text value are expanded.
 * Errors read like expat's (`mismatched tag: line 1, column 8`, column counted in characters from 0) for the
 * common cases; others are `not well-formed (invalid token): line L, column C (<what saxes saw>)`.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** An element as ElementTree models it; `text`/`tail` are `null` when empty, as in Python. */
export interface XmlElement {
  tag: string;
  attrib: Map<string, string>;
  text: string | null;
  tail: string | null;
  children: XmlElement[];
  parent: XmlElement | null;
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

/** ElementTree's name for a namespaced name: `{uri}local`, or `local` outside any namespace. */
const qualified = (uri: string, local: string): string => (uri ? `{${uri}}${local}` : local);

/** `line L, column C` of a string offset as expat counts: lines from 1 (`\r\n`, `\r`, `\n`), code points from 0. */
function location(s: string, offset: number): string {
  const before = s.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return `line ${lines.length}, column ${[...lines[lines.length - 1]].length}`;
}

/** Internal general entities of a DOCTYPE: plain-text values are defined, the others only noted. */
function declareEntities(doctype: string, defined: Record<string, string>, unsupported: Set<string>): void {
  const re = /<!ENTITY\s+([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
  for (const m of doctype.matchAll(re)) {
    const [name, value] = [m[1], m[2] ?? m[3]];
    if (defined[name] !== undefined || unsupported.has(name)) continue; // the first declaration binds
    if (/[<&%]/.test(value)) unsupported.add(name);
    else defined[name] = value;
  }
}

/** What the parser had seen when an error came, for placing it where expat would. */
interface ParseState {
  s: string;
  /** Offset saxes was at when it reported the error. */
  pos: number;
  /** Offset just after the root element's end tag, or -1. */
  rootEnd: number;
  /** Offset just after the last markup (tag, comment, PI, declaration) seen. */
  markupEnd: number;
  unsupported: Set<string>;
}

/** The offset of the duplicate attribute's name inside the start tag that `lt` opens. */
function duplicateAttributeAt(st: ParseState, lt: number, name: string): number {
  const tag = st.s.slice(lt, st.pos);
  const seen = new Set<string>();
  for (const m of tag.matchAll(/\s([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g)) {
    if (seen.has(m[1]) && m[1] === name) return lt + (m.index ?? 0) + 1;
    seen.add(m[1]);
  }
  return lt;
}

/** Maps a saxes error to expat's wording and position. */
function expatError(message: string, st: ParseState): Error {
  const { s, pos } = st;
  const back = (needle: string): number => {
    const j = s.lastIndexOf(needle, Math.max(0, pos - 1));
    return j < 0 ? pos : j;
  };
  const nonSpace = (from: number): number => {
    const m = /\S/.exec(s.slice(from));
    return m ? from + m.index : s.length;
  };
  const at = (kind: string, offset: number): Error => new Error(`${kind}: ${location(s, offset)}`);
  if (message.startsWith('unexpected close tag')) return at('mismatched tag', back('</') + 2);
  if (message.startsWith('unmatched closing tag')) return at('not well-formed (invalid token)', back('</') + 1);
  if (message.startsWith('document must contain a root element')) {
    // Something that never became markup (`<a`, `<!-- c`) is an unclosed token; nothing at all is no element.
    const rest = nonSpace(st.markupEnd);
    return rest < s.length ? at('unclosed token', rest) : at('no element found', s.length);
  }
  if (message.startsWith('unclosed tag')) return at('no element found', s.length);
  if (message.startsWith('unexpected end')) return at('unclosed token', back('<'));
  if (message.startsWith('documents may contain only one root')) return at('junk after document element', back('<'));
  if (message.startsWith('text data outside of root node')) {
    if (st.rootEnd >= 0) return at('junk after document element', nonSpace(st.rootEnd));
    const lt = s.indexOf('<', nonSpace(st.markupEnd));
    return at('not well-formed (invalid token)', lt < 0 ? s.length : lt);
  }
  if (message.startsWith('undefined entity')) {
    const amp = back('&');
    const name = s.slice(amp + 1, s.indexOf(';', amp));
    if (st.unsupported.has(name)) {
      return new Error(`entity '${name}' is declared with markup or references in its value, which is not supported: ${location(s, amp)}`);
    }
    return at('undefined entity', amp);
  }
  if (message.startsWith('duplicate attribute: ')) {
    const name = message.slice('duplicate attribute: '.length).replace(/\.$/, '');
    return at('duplicate attribute', name.startsWith('{') ? back('<') : duplicateAttributeAt(st, back('<'), name));
  }
  if (message.startsWith('unbound namespace prefix')) return at('unbound prefix', back('<'));
  if (message.startsWith('invalid attempt to undefine prefix')) return at('must not undeclare prefix', back('<'));
  if (message.startsWith('malformed character entity')) return at('reference to invalid character number', back('&'));
  if (message.startsWith('an XML declaration must be at the start')) {
    return at('XML or text declaration not at start of entity', back('<?xml'));
  }
  return new Error(`not well-formed (invalid token): ${location(s, Math.max(0, pos - 1))} (${message.replace(/\.$/, '')})`);
}

/** Thrown from saxes's error handler to stop at the first error, as expat does. */
class Stop extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}

/** ElementTree's TreeBuilder: the elements, their text and tails, built from the parser's events. */
class TreeBuilder {
  private readonly stack: XmlElement[] = [];
  private buf = '';
  root: XmlElement | null = null;

  get depth(): number {
    return this.stack.length;
  }

  data(t: string): void {
    this.buf += t;
  }

  start(tag: SaxesTagNS): void {
    this.flush();
    const attrib = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_URI) continue; // namespace declarations are not attributes in ElementTree
      attrib.set(a.prefix ? qualified(a.uri, a.local) : a.name, a.value);
    }
    const parent = this.stack[this.stack.length - 1] ?? null;
    const el: XmlElement = { tag: qualified(tag.uri, tag.local), attrib, text: null, tail: null, children: [], parent };
    if (parent) parent.children.push(el);
    else this.root = el;
    this.stack.push(el);
  }

  end(): void {
    this.flush();
    this.stack.pop();
  }

  /** Character data goes to the current element's text, or its last child's tail; outside the root it is dropped. */
  private flush(): void {
    const cur = this.stack[this.stack.length - 1];
    if (this.buf && cur) {
      const last = cur.children[cur.children.length - 1];
      if (last) last.tail = (last.tail ?? '') + this.buf;
      else cur.text = (cur.text ?? '') + this.buf;
    }
    this.buf = '';
  }
}

/** Parses an XML document and returns its root element. */
export function parseXml(source: string): XmlElement {
  // A leading BOM stays: saxes skips it, and expat counts it as a column of line 1.
  const s = source;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const st: ParseState = { s, pos: 0, rootEnd: -1, markupEnd: 0, unsupported: new Set() };
  const tree = new TreeBuilder();
  const markup = (): void => {
    st.markupEnd = parser.position;
  };

  parser.on('error', (e) => {
    st.pos = parser.position;
    throw new Stop(expatError(e.message.replace(/^\d+:\d+: /, ''), st));
  });
  parser.on('text', (t) => tree.data(t));
  parser.on('cdata', (t) => tree.data(t));
  parser.on('comment', markup);
  parser.on('processinginstruction', markup);
  parser.on('xmldecl', markup);
  parser.on('doctype', (dt) => {
    markup();
    declareEntities(dt, parser.ENTITIES, st.unsupported);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    tree.start(tag);
    markup();
  });
  parser.on('closetag', () => {
    tree.end();
    markup();
    if (tree.depth === 0) st.rootEnd = parser.position;
  });

  try {
    parser.write(s).close();
  } catch (e) {
    if (e instanceof Stop) throw e.reason;
    throw e;
  }
  if (!tree.root) throw new Error(`no element found: ${location(s, s.length)}`);
  return tree.root;
}

/** Python `"".join(elem.itertext())`: the element's text and all descendants' text and tails. */
export function itertext(el: XmlElement): string {
  let out = el.text ?? '';
  for (const c of el.children) out += itertext(c) + (c.tail ?? '');
  return out;
}
