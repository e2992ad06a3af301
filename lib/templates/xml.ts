/** xpath_value, xpath_attr, xpath_count, xpath_exists, xpath_collect, xpath_sum/avg/max/min (spec §4.3). */
import { pyIntStr, pyParseFloat, pyStrip } from '../py';
import { pyExtremeStr, pyFloatSumStr, pyMeanStr } from './aggregate';
import { cached, readUtf8, requireExists } from './read';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';
import { parseXml, type XmlElement } from './xml-parse';
import { find, findAll } from './xml-path';

/** The root element of an XML file (`ElementTree.parse(file).getroot()`). */
export function loadXmlRoot(file: string, ctx: TemplateContext): XmlElement {
  requireExists(file, 'XML file', ctx);
  return cached(ctx, 'xml', file, () => {
    const text = readUtf8(file, 'Error reading XML file', ctx);
    try {
      return parseXml(text);
    } catch (e) {
      throw new TemplateFunctionFailure(`Invalid XML file '${file}': ${(e as Error).message}`);
    }
  });
}

/** Runs an ElementPath query; its syntax errors surface with Python's text (e.g. absolute paths). */
function query<T>(args: string[], ctx: TemplateContext, body: (root: XmlElement, xpath: string) => T): T {
  const root = loadXmlRoot(resolveTargetFile(args[1], ctx), ctx);
  try {
    return body(root, args[0]);
  } catch (e) {
    if (e instanceof TemplateFunctionFailure) throw e;
    throw new TemplateFunctionFailure((e as Error).message);
  }
}

function numbers(root: XmlElement, xpath: string): number[] {
  const out: number[] = [];
  for (const el of findAll(root, xpath)) {
    if (!el.text) continue;
    const v = pyParseFloat(el.text);
    if (v !== null) out.push(v);
  }
  return out;
}

function xpathValue(args: string[], ctx: TemplateContext): string {
  return query(args, ctx, (root, xpath) => {
    const el = find(root, xpath);
    if (!el) throw new TemplateFunctionFailure(`XPath '${xpath}' not found in XML`);
    return el.text ?? '';
  });
}

function xpathAttr(args: string[], ctx: TemplateContext): string {
  const at = args[0].lastIndexOf('@');
  if (at < 0) throw new TemplateFunctionFailure('xpath_attr requires format: xpath@attribute');
  const [xpath, attr] = [args[0].slice(0, at), args[0].slice(at + 1)];
  return query([xpath, args[1]], ctx, (root) => {
    const el = find(root, xpath);
    if (!el) throw new TemplateFunctionFailure(`XPath '${xpath}' not found in XML`);
    const v = el.attrib.get(attr);
    if (v === undefined) throw new TemplateFunctionFailure(`Attribute '${attr}' not found on element at '${xpath}'`);
    return v;
  });
}

const usage = (fn: string, arg = 'xpath_expression'): string => `${fn} requires exactly 2 arguments: ${arg}, file_path`;
const spec = (fn: string, body: TemplateFunctionSpec['fn'], arg?: string): TemplateFunctionSpec => ({
  arity: 2,
  greedy: 0,
  usage: usage(fn, arg),
  fn: body,
});

/** The XML (ElementPath) template functions. */
export const xmlFunctions: Record<string, TemplateFunctionSpec> = {
  xpath_value: spec('xpath_value', xpathValue),
  xpath_attr: spec('xpath_attr', xpathAttr, 'xpath@attribute'),
  xpath_count: spec('xpath_count', (a, c) => query(a, c, (r, x) => pyIntStr(findAll(r, x).length))),
  xpath_exists: spec('xpath_exists', (a, c) => query(a, c, (r, x) => (find(r, x) ? 'true' : 'false'))),
  xpath_collect: spec('xpath_collect', (a, c) =>
    query(a, c, (r, x) =>
      findAll(r, x)
        .filter((el) => el.text && pyStrip(el.text))
        .map((el) => pyStrip(el.text ?? ''))
        .join(','),
    ),
  ),
  xpath_sum: spec('xpath_sum', (a, c) => query(a, c, (r, x) => pyFloatSumStr(numbers(r, x)))),
  xpath_avg: spec('xpath_avg', (a, c) => query(a, c, (r, x) => pyMeanStr(numbers(r, x)))),
  xpath_max: spec('xpath_max', (a, c) => query(a, c, (r, x) => pyExtremeStr(numbers(r, x), 'max'))),
  xpath_min: spec('xpath_min', (a, c) => query(a, c, (r, x) => pyExtremeStr(numbers(r, x), 'min'))),
};
