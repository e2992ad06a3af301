/**
 * Python's ElementTree ElementPath (`elem.find` / `elem.findall`), relative to an element: `tag`, `*`, `.`,
 * `..`, `a/b`, `.//x`, `[@a]`, `[@a='v']`, `[@a!='v']`, `[tag]`, `[tag='text']`, `[.='text']`, `[n]`,
 * `[last()]`, `[last()-1]`. A leading `/` raises `cannot use absolute path on element`; predicates like
 * `[price>30]` are read as a child tag named `price>30` and match nothing, as in Python.
 * Namespaces as in Python 3.11 without a prefix map: tags are `{uri}local`, so `{urn:x}item`, `{*}item` (any or no
 * namespace), `{}item` (no namespace), `{urn:x}*` and `{*}*` select; a `p:item` path step raises
 * `prefix 'p' not found in prefix map`, except a plain path with no ElementPath syntax (C `_elementtree` fast
 * path: direct children whose tag equals the path), where `p:item` just matches nothing.
 */
import { pyStrRepr } from '../py';
import { itertext, type XmlElement } from './xml-parse';

type Token = [op: string, tag: string];
type Selector = (result: XmlElement[]) => XmlElement[];

/** ElementPath's SyntaxError. */
export class XPathSyntaxError extends Error {}

const TOKEN_RE = /('[^']*'|"[^"]*"|::|\/\/?|\.\.|\(\)|!=|[/.*:[\]()@=])|((?:\{[^}]+\})?[^/[\]()@!=\s]+)|\s+/g;

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  for (const m of path.matchAll(TOKEN_RE)) {
    const tag = m[2] ?? '';
    // Without a prefix map, Python's xpath_tokenizer rejects every `prefix:tag` (also after `@`).
    if (tag && tag[0] !== '{' && tag.includes(':')) {
      throw new XPathSyntaxError(`prefix ${pyStrRepr(tag.slice(0, tag.indexOf(':')))} not found in prefix map`);
    }
    out.push([m[1] ?? '', tag]);
  }
  return out;
}

class Stop extends Error {}

/** `el` and its descendants in document order (Python `elem.iter()`). */
function* iterAll(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* iterAll(c);
}

/**
 * The tag test of a path step: ElementPath's wildcards (`_prepare_tag`: `{*}*`, `{}*`, `{*}name` in any or no
 * namespace, `{uri}*`), `*`, and otherwise an exact tag, `{}tag` meaning `tag`.
 */
function tagMatcher(tagIn: string): (el: XmlElement) => boolean {
  if (tagIn === '*' || tagIn === '{*}*') return () => true;
  if (tagIn === '{}*') return (el) => el.tag[0] !== '{';
  if (tagIn.startsWith('{*}')) {
    const [local, suffix] = [tagIn.slice(3), tagIn.slice(2)];
    return (el) => el.tag === local || el.tag.endsWith(suffix);
  }
  if (tagIn.endsWith('}*')) {
    const ns = tagIn.slice(0, -1);
    return (el) => el.tag.startsWith(ns);
  }
  const tag = tagIn.startsWith('{}') ? tagIn.slice(2) : tagIn;
  return (el) => el.tag === tag;
}

function prepareDescendant(next: () => Token): Selector {
  const t = next();
  let tag: string;
  if (t[0] === '*') tag = '*';
  else if (!t[0]) tag = t[1];
  else throw new XPathSyntaxError('invalid descendant');
  const match = tagMatcher(tag);
  return (result) => result.flatMap((el) => [...iterAll(el)].filter((e) => e !== el && match(e)));
}

function prepareParent(): Selector {
  return (result) => {
    const out: XmlElement[] = [];
    for (const el of result) if (el.parent && !out.includes(el.parent)) out.push(el.parent);
    return out;
  };
}

const INT_RE = /^-?\d+$/;

function indexSelector(signature: string, predicate: string[]): Selector {
  let index: number;
  if (signature === '-') {
    index = Number(predicate[0]) - 1;
    if (index < 0) throw new XPathSyntaxError('XPath position >= 1 expected');
  } else {
    if (predicate[0] !== 'last') throw new XPathSyntaxError('unsupported function');
    if (signature === '-()-') {
      if (!INT_RE.test(predicate[2].trim())) throw new XPathSyntaxError('unsupported expression');
      index = Number(predicate[2]) - 1;
      if (index > -2) throw new XPathSyntaxError('XPath offset from last() must be negative');
    } else index = -1;
  }
  return (result) =>
    result.filter((el) => {
      if (!el.parent) return false;
      const same = findAll(el.parent, el.tag);
      const pick = index < 0 ? same[same.length + index] : same[index];
      return pick === el;
    });
}

function predicateSelector(signature: string, predicate: string[]): Selector {
  const negated = signature.includes('!=');
  if (signature === '@-') return (r) => r.filter((el) => el.attrib.has(predicate[1]));
  if (signature === "@-='" || signature === "@-!='") {
    const [key, value] = [predicate[1], predicate[predicate.length - 1]];
    return (r) => r.filter((el) => (negated ? el.attrib.has(key) && el.attrib.get(key) !== value : el.attrib.get(key) === value));
  }
  if (signature === '-' && !INT_RE.test(predicate[0])) return (r) => r.filter((el) => find(el, predicate[0]) !== null);
  const textSig = signature === ".='" || signature === ".!='";
  if (textSig || ((signature === "-='" || signature === "-!='") && !INT_RE.test(predicate[0]))) {
    const [tag, value] = [predicate[0], predicate[predicate.length - 1]];
    const test = (e: XmlElement): boolean => (itertext(e) === value) !== negated;
    if (!tag) return (r) => r.filter(test);
    return (r) => r.filter((el) => findAll(el, tag).some(test));
  }
  if (signature === '-' || signature === '-()' || signature === '-()-') return indexSelector(signature, predicate);
  throw new XPathSyntaxError('invalid predicate');
}

function preparePredicate(next: () => Token): Selector {
  const signature: string[] = [];
  const predicate: string[] = [];
  while (true) {
    let t = next();
    if (t[0] === ']') break;
    if (t[0] === '' && t[1] === '') continue;
    if (t[0] && (t[0][0] === "'" || t[0][0] === '"')) t = ["'", t[0].slice(1, -1)];
    signature.push(t[0] || '-');
    predicate.push(t[1]);
  }
  return predicateSelector(signature.join(''), predicate);
}

const OPS: Record<string, (next: () => Token, token: Token) => Selector> = {
  '': (_n, t) => {
    const match = tagMatcher(t[1]);
    return (r) => r.flatMap((el) => el.children.filter(match));
  },
  '*': () => (r) => r.flatMap((el) => el.children),
  '.': () => (r) => r,
  '..': prepareParent,
  '//': prepareDescendant,
  '[': preparePredicate,
};

const compiled = new Map<string, Selector[] | null>();

function compile(pathIn: string): Selector[] | null {
  const hit = compiled.get(pathIn);
  if (hit !== undefined) return hit;
  let path = pathIn;
  if (path.endsWith('/')) path += '*';
  if (path.startsWith('/')) throw new XPathSyntaxError('cannot use absolute path on element');
  const tokens = tokenize(path);
  let k = 0;
  const next = (): Token => {
    if (k >= tokens.length) throw new Stop();
    return tokens[k++];
  };
  if (tokens.length === 0) return null;
  const selectors: Selector[] = [];
  let token = next();
  while (true) {
    const op = OPS[token[0]];
    if (!op) throw new XPathSyntaxError(`'${token[0]}'`);
    try {
      selectors.push(op(next, token));
    } catch (e) {
      throw e instanceof Stop ? new XPathSyntaxError('invalid path') : e;
    }
    if (k >= tokens.length) break;
    token = next();
    if (token[0] === '/') {
      if (k >= tokens.length) break;
      token = next();
    }
  }
  if (compiled.size > 100) compiled.clear();
  compiled.set(pathIn, selectors);
  return selectors;
}

/**
 * Whether `Element.find`/`findall` hand the path to ElementPath (C `_elementtree`'s `checkpath`): a `{}` or
 * `{*}` start, or one of `/*[@.` outside braces. Otherwise the path is a plain tag matched against children.
 */
function needsElementPath(path: string): boolean {
  if (path.length >= 3 && (path.startsWith('{}') || path.startsWith('{*}'))) return true;
  let outside = true;
  for (const ch of path) {
    if (ch === '{') outside = false;
    else if (ch === '}') outside = true;
    else if (outside && '/*[@.'.includes(ch)) return true;
  }
  return false;
}

/** `elem.findall(path)`: every match in document order. */
export function findAll(el: XmlElement, path: string): XmlElement[] {
  if (!needsElementPath(path)) return el.children.filter((c) => c.tag === path);
  const selectors = compile(path);
  if (!selectors) return [];
  let result = [el];
  for (const sel of selectors) result = sel(result);
  return result;
}

/** `elem.find(path)`: the first match or `null`. */
export function find(el: XmlElement, path: string): XmlElement | null {
  return findAll(el, path)[0] ?? null;
}
