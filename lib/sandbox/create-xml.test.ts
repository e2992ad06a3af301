import { describe, expect, it } from 'vitest';
import { createXml } from './create-xml';
import { makeCtx } from '../generation/test-context';
import type { GeneratedFile } from './types';

const text = (files: GeneratedFile[]): string => {
  const [f] = files;
  if (f.kind !== 'text') throw new Error('expected text');
  return f.content;
};
const xml = (content: Record<string, unknown>, seed = 1) => text(createXml('/x/o.xml', content, makeCtx(seed)));

describe('create_xml', () => {
  it('C80: minidom pretty print, Python str() of scalars, typed array with element_name', () => {
    const schema = { a: 5, b: { c: 7, flag: true }, lst: { type: 'array', count: 2, items: 3, element_name: 'n' } };
    expect(xml({ schema, root_element: 'cfg' })).toBe(
      '<?xml version="1.0" ?>\n<cfg>\n  <a>5</a>\n  <b>\n    <c>7</c>\n    <flag>True</flag>\n  </b>\n  <lst>\n    <n>3</n>\n    <n>3</n>\n  </lst>\n</cfg>',
    );
  });

  it.each([
    [{ f: false, n: null, x: 2.5, l: [1, 'a', null, { k: true }] }, '  <f>False</f>\n  <n>None</n>\n  <x>2.5</x>\n  <l>[1, \'a\', None, {\'k\': True}]</l>'],
    [{ z: { type: 'null' } }, '  <z>None</z>'],
    [{ e: { type: 'array', count: 0 } }, '  <e/>'],
    [{ o: { type: 'object', properties: { p: 1 } } }, '  <o>\n    <p>1</p>\n  </o>'],
    [{ a: { type: 'array', count: 1, items: { type: 'object', properties: { q: 2 } } } }, '  <a>\n    <item>\n      <q>2</q>\n    </item>\n  </a>'],
    [{ a: { type: 'array', count: 1, items: { r: 4 } } }, '  <a>\n    <item>\n      <r>4</r>\n    </item>\n  </a>'],
  ])('schema %j', (schema, body) => {
    expect(xml({ schema })).toBe(`<?xml version="1.0" ?>\n<root>\n${body}\n</root>`);
  });

  it('namespace becomes xmlns on the root; text and attributes are escaped like minidom', () => {
    const out = xml({ schema: { c: 'category' }, namespace: 'http://e.x/"n"&', root_element: 'r' }, 3);
    expect(out.split('\n')[1]).toBe('<r xmlns="http://e.x/&quot;n&quot;&amp;">');
    const cat = /<c>(.*)<\/c>/.exec(out)?.[1];
    expect(['Electronics', 'Clothing', 'Books', 'Home &amp; Garden', 'Sports', 'Toys', 'Automotive', 'Health', 'Beauty', 'Food']).toContain(cat);
  });

  it('default elements without a schema; no final newline', () => {
    const out = xml({});
    expect(out).toMatch(/^<\?xml version="1.0" \?>\n<root>\n {2}<message>[a-z ]+<\/message>\n {2}<timestamp>20\d\d-\d\d-\d\d<\/timestamp>\n {2}<id>\d+<\/id>\n<\/root>$/);
  });

  it('rejects element names XML cannot hold, naming the key', () => {
    expect(() => xml({ schema: { 'bad key': 1 } })).toThrow('Invalid XML element name: "bad key"');
  });
});
