/**
 * Python's ElementTree ElementPath (`elem.find` / `elem.findall`), relative to an element: `tag`, `*`, `.`,
 * `..`, `a/b`, `.//x`, `[@a]`, `[@a='v']`, `[@a!='v']`, `[tag]`, `[tag='text']`, `[.='text']`, `[n]`,
 * `[last()]`, `[last()-1]`. A leading `/` raises `cannot use absolute path on element`; predicates like
 * `[price>30]` are read as a child tag named `price>30` and match nothing, as in Python.
 */
import { itertext, type XmlElement } from './xml-parse';

type Token = [op: string, tag: string];
type Selector = (result: XmlElement[]) => XmlElement[];

/** ElementPath's SyntaxError. */
export class XPathSyntaxError extends Error {}

const TOKEN_RE = /('[^']*'|"[^"]*"|::|\/\/?|\.\.|\(\)|!=|[/.*:[\]()@=])|((?:\{[^}]+\})?[^/[\]()@!=\s]+)|\s+/g;

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  for (const m of path.matchAll(TOKEN_RE)) {
    // Without a namespace map, Python leaves `prefix:tag` tokens as they are.
    out.push([m[1] ?? '', m[2] ?? '']);
  }
  return out;
}

class Stop extends Error {}

function* iterDesc(el: XmlElement, tag: string): Generator<XmlElement> {
  if (tag === '*' || el.tag === tag) yield el;
  for (const c of el.children) yield* iterDesc(c, tag);
}

function prepareDescendant(next: () => Token): Selector {
  const t = next();
  let tag: string;
  if (t[0] === '*') tag = '*';
  else if (!t[0]) tag = t[1];
  else throw new XPathSyntaxError('invalid descendant');
  return (result) => result.flatMap((el) => [...iterDesc(el, tag)].filter((e) => e !== el));
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
  '': (_n, t) => (r) => r.flatMap((el) => el.children.filter((c) => c.tag === t[1])),
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

/** `elem.findall(path)`: every match in document order. */
export function findAll(el: XmlElement, path: string): XmlElement[] {
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
