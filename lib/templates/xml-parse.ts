/**
 * A small XML parser producing an ElementTree-like tree (tag, attributes, `text`, `tail`), as
 * `xml.etree.ElementTree.parse` gives the reference: comments and processing instructions are dropped
 * (text around them joins), CDATA is text, the five predefined entities and character references are
 * decoded, `\r\n` becomes `\n`, and attribute whitespace is normalised. The DOCTYPE is skipped.
 * Errors read like expat's: `mismatched tag: line 1, column 20`.
 */

/** An element as ElementTree models it; `text`/`tail` are `null` when empty, as in Python. */
export interface XmlElement {
  tag: string;
  attrib: Map<string, string>;
  text: string | null;
  tail: string | null;
  children: XmlElement[];
  parent: XmlElement | null;
}

const NAME_RE = /[A-Za-z_:\u00c0-\uffff][-A-Za-z0-9_:.\u00b7\u00c0-\uffff]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlParser {
  i = 0;
  root: XmlElement | null = null;
  readonly stack: XmlElement[] = [];
  buf = '';
  constructor(readonly s: string) {}

  fail(msg: string, at = this.i): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    throw new Error(`${msg}: line ${line}, column ${at - (before.lastIndexOf('\n') + 1)}`);
  }

  /** Character data goes to the current element's text, or the last child's tail. */
  flush(): void {
    if (!this.buf) return;
    const cur = this.stack[this.stack.length - 1];
    if (cur) {
      const last = cur.children[cur.children.length - 1];
      if (last) last.tail = (last.tail ?? '') + this.buf;
      else cur.text = (cur.text ?? '') + this.buf;
    } else if (this.buf.trim()) {
      this.fail(this.root ? 'junk after document element' : 'syntax error');
    }
    this.buf = '';
  }

  name(): string {
    NAME_RE.lastIndex = this.i;
    const m = NAME_RE.exec(this.s);
    if (!m) this.fail('not well-formed (invalid token)');
    this.i += m[0].length;
    return m[0];
  }

  ws(): void {
    while (/[ \t\r\n]/.test(this.s[this.i] ?? '')) this.i++;
  }

  decode(raw: string, at: number): string {
    return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z_][\w.-]*);|&/g, (_m, ref: string | undefined, offset: number) => {
      if (!ref) return this.fail('not well-formed (invalid token)', at + offset);
      if (ref[0] === '#') return String.fromCodePoint(parseInt(ref[1] === 'x' ? ref.slice(2) : ref.slice(1), ref[1] === 'x' ? 16 : 10));
      const v = ENTITIES[ref];
      return v ?? this.fail('undefined entity', at + offset);
    });
  }

  skipUntil(end: string, what: string): number {
    const j = this.s.indexOf(end, this.i);
    if (j < 0) this.fail(`unclosed ${what}`);
    const start = this.i;
    this.i = j + end.length;
    return start;
  }
}

function parseStartTag(p: XmlParser): void {
  const at = p.i;
  p.i++;
  const el: XmlElement = { tag: p.name(), attrib: new Map(), text: null, tail: null, children: [], parent: null };
  while (true) {
    p.ws();
    const c = p.s[p.i];
    if (c === '>' || (c === '/' && p.s[p.i + 1] === '>')) break;
    if (c === undefined) p.fail('unclosed token', at);
    const nameAt = p.i;
    const name = p.name();
    p.ws();
    if (p.s[p.i] !== '=') p.fail('not well-formed (invalid token)');
    p.i++;
    p.ws();
    const q = p.s[p.i];
    if (q !== '"' && q !== "'") p.fail('not well-formed (invalid token)');
    const end = p.s.indexOf(q, p.i + 1);
    if (end < 0) p.fail('unclosed token', at);
    const raw = p.s.slice(p.i + 1, end).replace(/[\t\n]/g, ' ');
    if (raw.includes('<')) p.fail('not well-formed (invalid token)');
    if (el.attrib.has(name)) p.fail('duplicate attribute', nameAt);
    el.attrib.set(name, p.decode(raw, p.i + 1));
    p.i = end + 1;
  }
  const parent: XmlElement | undefined = p.stack[p.stack.length - 1];
  if (!parent && p.root) p.fail('junk after document element', at);
  el.parent = parent ?? null;
  if (parent) parent.children.push(el);
  else p.root = el;
  if (p.s[p.i] === '/') p.i += 2;
  else {
    p.i++;
    p.stack.push(el);
  }
}

function parseEndTag(p: XmlParser): void {
  const at = p.i;
  p.i += 2;
  const name = p.name();
  p.ws();
  if (p.s[p.i] !== '>') p.fail('not well-formed (invalid token)');
  p.i++;
  const open = p.stack.pop();
  if (!open || open.tag !== name) p.fail('mismatched tag', at + 2);
}

function parseMarkup(p: XmlParser): void {
  const s = p.s;
  if (s.startsWith('<!--', p.i)) p.skipUntil('-->', 'comment');
  else if (s.startsWith('<![CDATA[', p.i)) {
    const start = p.skipUntil(']]>', 'CDATA section');
    p.buf += s.slice(start + 9, p.i - 3);
    return;
  } else if (s.startsWith('<?', p.i)) p.skipUntil('?>', 'processing instruction');
  else if (s.startsWith('<!DOCTYPE', p.i)) {
    const bracket = s.indexOf('[', p.i);
    const close = s.indexOf('>', p.i);
    if (bracket >= 0 && bracket < close) p.skipUntil(']', 'DOCTYPE');
    p.skipUntil('>', 'DOCTYPE');
  } else if (s.startsWith('</', p.i)) {
    p.flush();
    parseEndTag(p);
  } else {
    p.flush();
    parseStartTag(p);
  }
}

/** Parses an XML document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const p = new XmlParser(source.replace(/\r\n?/g, '\n').replace(/^\ufeff/, ''));
  const s = p.s;
  while (p.i < s.length) {
    const lt = s.indexOf('<', p.i);
    const end = lt < 0 ? s.length : lt;
    if (end > p.i) {
      p.buf += p.decode(s.slice(p.i, end), p.i);
      p.i = end;
    }
    if (lt >= 0) parseMarkup(p);
  }
  p.flush();
  if (!p.root || p.stack.length > 0) return p.fail('no element found');
  return p.root;
}

/** Python `"".join(elem.itertext())`: the element's text and all descendants' text and tails. */
export function itertext(el: XmlElement): string {
  let out = el.text ?? '';
  for (const c of el.children) out += itertext(c) + (c.tail ?? '');
  return out;
}
