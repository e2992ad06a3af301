/**
 * XML parsing and ElementPath, with expectations taken from Python 3.11's xml.etree.ElementTree on the
 * same document, plus the xpath_* functions' results and error texts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalOrError, innerMessage } from './test-helpers';
import { itertext, parseXml } from './xml-parse';
import { find, findAll } from './xml-path';

const XML = `<?xml version="1.0"?>
<!DOCTYPE catalog>
<catalog>
  <!-- a comment -->
  <product id="7"><name>Widget A</name><price>29.99</price></product>
  <product id="8"><name> Widget B </name><price>49.99</price></product>
  <product><name>x</name><price>n/a</price></product>
  <section>a<!--c-->b<![CDATA[<c>]]>&amp;&#65;<item id="1">one</item>tail<item>two</item><?pi x?></section>
</catalog>
`;
const root = parseXml(XML);
const show = (path: string): string[] => findAll(root, path).map((e) => `${e.tag}#${e.attrib.get('id') ?? ''}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'x.xml'), XML);
fs.writeFileSync(path.join(dir, 'bad.xml'), '<a><b></a>');
const ctx = { baseDir: dir, components: [] };

describe('ElementPath (as Python 3.11)', () => {
  it.each([
    ['product', ['product#7', 'product#8', 'product#']],
    ['*', ['product#7', 'product#8', 'product#', 'section#']],
    ['.', ['catalog#']],
    ['..', []],
    ['product/..', ['catalog#']],
    ['product[@id]', ['product#7', 'product#8']],
    ["product[@id='8']", ['product#8']],
    ["product[@id!='8']", ['product#7']],
    ["product[name='Widget A']", ['product#7']],
    ["product[name!='Widget A']", ['product#8', 'product#']],
    ["product[.='x']", []],
    ['product[last()]', ['product#']],
    ['product[last()-1]', ['product#8']],
    ['product/name[1]', ['name#', 'name#', 'name#']],
    ['product[price>30]', []],
    ['.//price', ['price#', 'price#', 'price#']],
    ['product/', ['name#', 'price#', 'name#', 'price#', 'name#', 'price#']],
    ["product[ @id = '7' ]", ['product#7']],
    ['section//item', ['item#1', 'item#']],
    ['section/item[2]', ['item#']],
    ['*[2]', ['product#8']],
    ['a:b', []],
  ])('%s', (p, expected) => {
    expect(show(p)).toEqual(expected);
  });

  it('counts every descendant for .//*', () => {
    expect(findAll(root, './/*')).toHaveLength(12);
  });

  it.each([
    ['product[0]', 'XPath position >= 1 expected'],
    ['product[last()-0]', 'XPath offset from last() must be negative'],
    ['product[foo()]', 'unsupported function'],
    ['//x', 'cannot use absolute path on element'],
  ])('%s raises %s', (p, message) => {
    expect(() => findAll(root, p)).toThrow(message);
  });

  it('builds text like ElementTree: comments and PIs dropped, CDATA and entities decoded', () => {
    expect(root.text).toBe('\n  \n  ');
    const section = find(root, 'section');
    expect(section?.text).toBe('ab<c>&A');
    expect(section && itertext(section)).toBe('ab<c>&Aonetailtwo');
    expect(find(root, 'product')?.text).toBeNull();
  });

  it.each([
    ['<a><b></a>', 'mismatched tag: line 1, column 8'],
    ['', 'no element found: line 1, column 0'],
    ['<a/><b/>', 'junk after document element: line 1, column 4'],
    ['<a>&nope;</a>', 'undefined entity: line 1, column 3'],
    ['<a x="1" x="2"/>', 'duplicate attribute: line 1, column 9'],
  ])('rejects %j', (src, message) => {
    expect(() => parseXml(src)).toThrow(message);
  });

  it('normalises attribute whitespace and line endings', () => {
    const el = parseXml('<a t="x\ty&#10;z">l1\r\nl2</a>');
    expect(el.attrib.get('t')).toBe('x y\nz');
    expect(el.text).toBe('l1\nl2');
  });
});

describe('xpath functions', () => {
  it.each([
    ['{{xpath_value:section:x.xml}}', 'ab<c>&A'],
    ['{{xpath_value:product:x.xml}}', ''],
    ['{{xpath_attr:product[last()-1]@id:x.xml}}', '8'],
    ["{{xpath_attr:section/item[@id='1']@id:x.xml}}", '1'],
    ['{{xpath_count:.//item:x.xml}}', '2'],
    ['{{xpath_collect:.//price:x.xml}}', '29.99,49.99,n/a'],
    ['{{xpath_sum:.//price:x.xml}}', '79.98'],
    ['{{xpath_sum:.//nothing:x.xml}}', '0.0'],
    ['{{xpath_avg:.//nothing:x.xml}}', '0'],
    ['{{xpath_min:.//price:x.xml}}', '29.99'],
    ["{{xpath_exists:product[name='x']:x.xml}}", 'true'],
  ])('%s → %j', (input, expected) => {
    expect(evalOrError(input, ctx)).toBe(expected);
  });

  it.each([
    ['{{xpath_value:nothing:x.xml}}', "XPath 'nothing' not found in XML"],
    ['{{xpath_attr:product:x.xml}}', 'xpath_attr requires format: xpath@attribute'],
    ['{{xpath_attr:product@nope:x.xml}}', "Attribute 'nope' not found on element at 'product'"],
    ['{{xpath_count:product[0]:x.xml}}', 'XPath position >= 1 expected'],
    ['{{xpath_count:x:nope.xml}}', `XML file not found: ${path.join(dir, 'nope.xml')}`],
    ['{{xpath_count:x:bad.xml}}', `Invalid XML file '${path.join(dir, 'bad.xml')}': mismatched tag: line 1, column 8`],
    ['{{xpath_count:x.xml}}', 'xpath_count requires exactly 2 arguments: xpath_expression, file_path'],
  ])('%s fails with %s', (input, message) => {
    expect(innerMessage(evalOrError(input, ctx))).toBe(message);
  });
});
