/**
 * XML parsing and ElementPath, with expectations taken from Python 3.11's xml.etree.ElementTree on the
 * same document, plus the xpath_* functions' results and error texts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createXml } from '../sandbox/create-xml';
import { makeCtx } from '../generation/test-context';
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
    // More texts and positions checked against Python 3.11's ElementTree (expat).
    ['<a\n  b="1"\n  b="2"/>', 'duplicate attribute: line 3, column 2'],
    ['<a>\n<b>\n</c></a>', 'mismatched tag: line 3, column 2'],
    ['<a>\r\n<b></a>', 'mismatched tag: line 2, column 5'],
    ['<é><b></é>', 'mismatched tag: line 1, column 8'],
    ['<a>\u{1F600}<b></a>', 'mismatched tag: line 1, column 9'],
    ['\ufeff<a><b></a>', 'mismatched tag: line 1, column 9'],
    ['<a>', 'no element found: line 1, column 3'],
    ['<a><b>', 'no element found: line 1, column 6'],
    ['<a', 'unclosed token: line 1, column 0'],
    ["<a x='1", 'unclosed token: line 1, column 0'],
    ['<a/>x', 'junk after document element: line 1, column 4'],
    ['<a/>\n  x', 'junk after document element: line 2, column 2'],
    ['  xyz<a/>', 'not well-formed (invalid token): line 1, column 5'],
    ['<a><b/></a></a>', 'not well-formed (invalid token): line 1, column 12'],
    ['<p:a/>', 'unbound prefix: line 1, column 0'],
    ["<a><b p:x='1'/></a>", 'unbound prefix: line 1, column 3'],
    ['<a xmlns:p=""/>', 'must not undeclare prefix: line 1, column 0'],
    ["<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>", 'duplicate attribute: line 1, column 0'],
    ['<a>&#0;</a>', 'reference to invalid character number: line 1, column 3'],
    [' <?xml version="1.0"?><a/>', 'XML or text declaration not at start of entity: line 1, column 1'],
    // Other well-formedness errors keep expat's name and add what the tokenizer saw.
    ['<a b=1/>', 'not well-formed (invalid token): line 1, column 5 (unquoted attribute value)'],
    ['<a>]]></a>', 'not well-formed (invalid token): line 1, column 5 (the string "]]>" is disallowed in char data)'],
    ['<a><!-- x -- y --></a>', 'not well-formed (invalid token): line 1, column 12 (malformed comment)'],
    ['<a>\u0001</a>', 'not well-formed (invalid token): line 1, column 3 (disallowed character)'],
  ])('rejects %j', (src, message) => {
    expect(() => parseXml(src)).toThrow(message);
  });

  it('normalises attribute whitespace and line endings', () => {
    const el = parseXml('<a t="x\ty&#10;z">l1\r\nl2\rl3</a>');
    expect(el.attrib.get('t')).toBe('x y\nz');
    expect(el.text).toBe('l1\nl2\nl3');
  });

  it('keeps whitespace-only text and tails, joins text around comments and PIs, skips a BOM', () => {
    const el = parseXml('\ufeff<!-- c --><a>\n  <b> </b>\n  x<!--c-->y<![CDATA[ z ]]><?p?></a><!-- d -->\n');
    expect(el.text).toBe('\n  ');
    expect(el.children.map((c) => [c.tag, c.text, c.tail])).toEqual([['b', ' ', '\n  xy z ']]);
  });

  it('expands internal entities with a plain-text value, in text and attributes (first declaration binds)', () => {
    const el = parseXml(`<!DOCTYPE a [<!ENTITY e "it's"><!ENTITY e "later"><!ENTITY % p "x">]><a x='&e;'>&e;&amp;</a>`);
    expect(el.attrib.get('x')).toBe("it's");
    expect(el.text).toBe("it's&");
  });

  it('says so when an entity value holds markup or references (expat would parse it)', () => {
    expect(() => parseXml("<!DOCTYPE a [<!ENTITY e '&#60;b/>'>]><a>&e;</a>")).toThrow(
      "entity 'e' is declared with markup or references in its value, which is not supported: line 1, column 40",
    );
  });
});

// Expectations printed by Python 3.11: ET.fromstring(NS_XML).findall(path).
const NS_XML = `<?xml version="1.0"?>
<root xmlns="urn:x" xmlns:p="urn:p" p:k="1" j="2" xml:lang="en">
  <item id="1">one</item>
  <p:item id="2">two</p:item>
  <group><note p:z="3">n</note><item xmlns="" id="3">three</item></group>
</root>`;

describe('XML namespaces (as Python 3.11 ElementTree)', () => {
  const nsRoot = parseXml(NS_XML);
  const nsShow = (p: string): string[] => findAll(nsRoot, p).map((e) => `${e.tag}#${e.attrib.get('id') ?? ''}`);

  it('expands tags and prefixed attributes to {uri}local; unprefixed attributes and xmlns stay out of it', () => {
    expect(nsRoot.tag).toBe('{urn:x}root');
    expect([...nsRoot.attrib]).toEqual([
      ['{urn:p}k', '1'],
      ['j', '2'],
      ['{http://www.w3.org/XML/1998/namespace}lang', 'en'],
    ]);
    expect(find(nsRoot, '{urn:x}group/{urn:x}note')?.attrib).toEqual(new Map([['{urn:p}z', '3']]));
  });

  it.each([
    ['item', []],
    ['{urn:x}item', ['{urn:x}item#1']],
    ['.//{urn:x}note', ['{urn:x}note#']],
    ['.//item', ['item#3']],
    ['{*}item', ['{urn:x}item#1', '{urn:p}item#2']],
    ['.//{*}item', ['{urn:x}item#1', '{urn:p}item#2', 'item#3']],
    ['{}item', []],
    ['.//{}item', ['item#3']],
    ['{urn:p}*', ['{urn:p}item#2']],
    ['.//{urn:x}*', ['{urn:x}item#1', '{urn:x}group#', '{urn:x}note#']],
    ['{*}*', ['{urn:x}item#1', '{urn:p}item#2', '{urn:x}group#']],
    ['{}*', []],
    ['.//{}*', ['item#3']],
    ['p:item', []],
    ['item ', []],
    ["{urn:x}group/{urn:x}note[@{urn:p}z='3']", ['{urn:x}note#']],
    ["{*}group[{*}note='n']", ['{urn:x}group#']],
    ['{*}item[2]', []],
    ['{urn:x}item[1]', ['{urn:x}item#1']],
    ['.//{*}note/..', ['{urn:x}group#']],
    ['{urn:x}group/{}item', ['item#3']],
    ["*[@id='2']", ['{urn:p}item#2']],
  ])('%s', (p, expected) => {
    expect(nsShow(p)).toEqual(expected);
  });

  it.each(['.//p:item', '{*}group/{*}note[@p:z]', 'x/a:b'])('%s raises: no prefix map', (p) => {
    expect(() => findAll(nsRoot, p)).toThrow(/^prefix '(p|a)' not found in prefix map$/);
  });

  it('xpath_* functions see the expanded names', () => {
    fs.writeFileSync(path.join(dir, 'ns.xml'), NS_XML);
    expect(evalOrError('{{xpath_count:item:ns.xml}}', ctx)).toBe('0');
    expect(evalOrError('{{xpath_count:.//{*}item:ns.xml}}', ctx)).toBe('3');
    expect(evalOrError('{{xpath_value:.//{urn:x}note:ns.xml}}', ctx)).toBe('n');
    expect(evalOrError('{{xpath_attr:.//{urn:x}note@{urn:p}z:ns.xml}}', ctx)).toBe('3');
    expect(evalOrError('{{xpath_attr:.@j:ns.xml}}', ctx)).toBe('2');
    expect(innerMessage(evalOrError('{{xpath_attr:.@xmlns:ns.xml}}', ctx))).toBe("Attribute 'xmlns' not found on element at '.'");
    expect(innerMessage(evalOrError('{{xpath_count:.//p:item:ns.xml}}', ctx))).toBe("prefix 'p' not found in prefix map");
  });

  it('parses what the create_xml generator writes, namespace included', () => {
    const schema = { a: 5, b: { c: 7 }, lst: { type: 'array', count: 2, items: 3, element_name: 'n' } };
    const [file] = createXml(path.join(dir, 'gen.xml'), { schema, root_element: 'cfg', namespace: 'http://e.x/"n"&' }, makeCtx(1));
    if (file.kind !== 'text') throw new Error('expected a text file');
    fs.writeFileSync(path.join(dir, 'gen.xml'), file.content);
    const ns = '{http://e.x/"n"&}';
    expect(parseXml(file.content).tag).toBe(`${ns}cfg`);
    expect(evalOrError('{{xpath_count:lst/n:gen.xml}}', ctx)).toBe('0');
    expect(evalOrError('{{xpath_sum:{*}lst/{*}n:gen.xml}}', ctx)).toBe('6.0');
    expect(evalOrError('{{xpath_value:{*}b/{*}c:gen.xml}}', ctx)).toBe('7');
    const [plain] = createXml(path.join(dir, 'plain.xml'), { schema, root_element: 'cfg' }, makeCtx(1));
    if (plain.kind !== 'text') throw new Error('expected a text file');
    fs.writeFileSync(path.join(dir, 'plain.xml'), plain.content);
    expect(evalOrError('{{xpath_sum:lst/n:plain.xml}}', ctx)).toBe('6.0');
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
