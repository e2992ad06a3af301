/**
 * Spec §13.2 cases C01–C34 on the §13.1 fixtures. Outputs must equal the reference's; error cases must
 * carry the reference's inner message. C15, C32 and C33 (first form) assert the deliberate fixes
 * listed in docs/compat.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateTemplates, evaluateTemplatesDetailed } from './evaluate';
import { makeFixtures } from './test-fixtures';
import { TemplateError } from './types';

const { dir, ctx } = makeFixtures();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ok: Array<[string, string, string]> = [
  ['C01', '{{file_line:2:t.txt}}', 'gamma delta epsilon'],
  ['C01', '{{file_line:3:t.txt}}', ''],
  ['C03', '{{file_word:3:t.txt}}', 'gamma'],
  ['C03', '{{file_line_count:t.txt}}', '4'],
  ['C03', '{{file_word_count:t.txt}}', '7'],
  ['C04', '{{csv_cell:0:1:d.csv}}', 'NAME'],
  ['C04', '{{csv_row:1:d.csv}}', '1,Alice,25,Engineering'],
  ['C05', '{{csv_value:0:AGE:TARGET_FILE[csv1]}}', '25'],
  ['C06', '{{csv_column:AGE:d.csv}}', '25,30,,45'],
  ['C06', '{{csv_count:AGE:d.csv}}', '3'],
  ['C07', '{{csv_sum:AGE:d.csv}}', '100.0'],
  ['C07', '{{csv_avg:AGE:d.csv}}', '33.333333333333336'],
  ['C09', '{{csv_count_where:ID:DEPT:==:Engineering:d.csv}}', '2'],
  ['C10', '{{csv_sum_where:AGE:DEPT:!=:Sales:d.csv}}', '70.0'],
  ['C10', '{{csv_avg_where:AGE:AGE:>:26:d.csv}}', '37.5'],
  ['C11', '{{csv_count_where:ID:NAME:>:B:d.csv}}', '3'],
  ['C11', '{{csv_count_where:ID:NAME:contains:o:d.csv}}', '2'],
  ['C13', '{{sqlite_query:SELECT COUNT(*) FROM emp:e.db}}', '3'],
  ['C13', '{{sqlite_query:SELECT SUM(sal) FROM emp:e.db}}', '180001'],
  ['C13', '{{sqlite_query:SELECT AVG(sal) FROM emp:e.db}}', '60000.333333333336'],
  ['C13', '{{sqlite_query:SELECT note FROM emp WHERE id=1:e.db}}', ''],
  ['C15 (fixed: colon in SQL)', "{{sqlite_query:SELECT COUNT(*) FROM emp WHERE note = 'a:b':e.db}}", '0'],
  ['C16', '{{sqlite_value:1:name:e.db}}', 'Ben'],
  ['C16', '{{sqlite_value:0:2:emp:e.db}}', '50000'],
  ['C17', '{{json_path:$.users[0].name:u.json}}', 'Alice'],
  ['C17', '{{json_path:$.users[0].active:u.json}}', 'True'],
  ['C17', '{{json_path:$.users[2].mgr:u.json}}', ''],
  ['C18', '{{json_path:$.meta:u.json}}', "{'v': 1, 'ok': True, 'f': 2.5}"],
  ['C18', '{{json_path:$.users[0].tags:u.json}}', "['a', 'b']"],
  ['C20', '{{json_value:meta.f:u.json}}', '2.5'],
  ['C20', '{{json_count:$.users:u.json}}', '3'],
  ['C20', '{{json_count:u.json}}', '2'],
  ['C20', '{{json_keys:$.meta:u.json}}', 'v,ok,f'],
  ['C21', '{{json_sum:$.users[*].age:u.json}}', '100.0'],
  ['C21', '{{json_avg:$.users[*].age:u.json}}', '33.333333333333336'],
  ['C21', '{{json_max:$.users[*].age:u.json}}', '45.0'],
  ['C22', '{{json_min:$.users[*].nothere:u.json}}', '0'],
  ['C22', '{{json_sum:$.users[*].active:u.json}}', '0'],
  ['C23', '{{json_collect:$.users[*].name:u.json}}', 'Alice,Bob,Cy'],
  ['C23', '{{json_collect:$.users[*].tags[*]:u.json}}', 'a,b'],
  ['C23', '{{json_collect:$.users[*].mgr:u.json}}', ''],
  ['C24', '{{json_count_where:$.users[?age>26]:u.json}}', '2'],
  ['C24', '{{json_count_where:$.users[?active==True]:u.json}}', '2'],
  ['C24', '{{json_count_where:$.users[?active==true]:u.json}}', '0'],
  ['C25', '{{json_filter:$.users[?age>=30].name:u.json}}', 'Bob,Cy'],
  ['C25', '{{json_filter:$.users[?name startswith A]:u.json}}', "{'name': 'Alice', 'age': 25, 'active': True, 'tags': ['a', 'b']}"],
  ['C26', '{{json_sum:$.departments[?name==Engineering].projects[*].budget:dep.json}}', '0'],
  ['C26', '{{json_sum:$.departments[*].projects[*].budget:dep.json}}', '35.0'],
  ['C27', '{{yaml_path:$.db.host:c.yaml}}', 'localhost'],
  ['C27', '{{yaml_value:db.port:c.yaml}}', '5432'],
  ['C27', '{{yaml_keys:$.db:c.yaml}}', 'host,port'],
  ['C27', '{{yaml_sum:$.items[*].price:c.yaml}}', '3.5'],
  ['C27', '{{yaml_count_where:$.items[?price<2]:c.yaml}}', '1'],
  ['C28', '{{xpath_value:product/name:p.xml}}', 'Widget A'],
  ['C28', '{{xpath_value:product[2]/name:p.xml}}', ' Widget B '],
  ['C28', '{{xpath_attr:product[2]@id:p.xml}}', '8'],
  ['C29', '{{xpath_count:product:p.xml}}', '2'],
  ['C29', '{{xpath_count:.//name:p.xml}}', '2'],
  ['C30', "{{xpath_exists:product[@id='8']:p.xml}}", 'true'],
  ['C30', '{{xpath_exists:nothing:p.xml}}', 'false'],
  ['C30', '{{xpath_collect:product/name:p.xml}}', 'Widget A,Widget B'],
  ['C31', '{{xpath_sum:product/price:p.xml}}', '79.98'],
  ['C31', '{{xpath_avg:product/price:p.xml}}', '39.99'],
  ['C31', '{{xpath_max:product/price:p.xml}}', '49.99'],
  ['C31', '{{xpath_min:product/name:p.xml}}', '0'],
  ['C32 (fixed: no swallowing)', 'Hi {{entity1}} {{csv_count:ID:d.csv}}', 'Hi {{entity1}} 4'],
  ['C33 (fixed: nesting)', '{{csv_row:{{csv_count:ID:d.csv}}:d.csv}}', '4,Dan,45,engineering'],
  ['C33', '{{ csv_count : ID : d.csv }}', '4'],
];

const errors: Array<[string, string, string]> = [
  ['C02', '{{file_line:9:t.txt}}', 'Line number 9 out of range (file has 4 lines)'],
  ['C05', '{{csv_value:-1:AGE:d.csv}}', 'Row -1 out of range (CSV has 4 data rows)'],
  ['C08', '{{csv_avg:NAME:d.csv}}', "No numeric values found in column 'NAME'"],
  ['C12', '{{csv_count_where:ID:DEPT:=~:x:d.csv}}', 'Unsupported operator: =~'],
  ['C12', '{{csv_count:SALARY:d.csv}}', "Column 'SALARY' not found in CSV. Available headers: ['ID', 'NAME', 'AGE', 'DEPT']"],
  ['C14', '{{sqlite_query:SELECT name FROM emp WHERE id=99:e.db}}', 'SQL query returned no results: SELECT name FROM emp WHERE id=99'],
  ['C19', '{{json_path:$.users[-1].name:u.json}}', 'Array index -1 out of range (length: 3)'],
  ['C29', '{{xpath_count://name:p.xml}}', 'cannot use absolute path on element'],
  ['C34', '{{csv_count:ID:TARGET_FILE[nope]}}', "Component 'nope' not found"],
  ['C34', '{{csv_count:ID:TARGET_FILE[1bad]}}', 'Invalid component name: 1bad'],
  ['C34', '{{csv_count:ID:TARGET_FILE}}', 'TARGET_FILE requires component name: TARGET_FILE[component_name]'],
];

fs.writeFileSync(
  path.join(dir, 'dep.json'),
  '{"departments":[{"name":"Engineering","projects":[{"budget":10},{"budget":20}]},{"name":"Sales","projects":[{"budget":5}]}]}',
);

describe('spec §13.2 conformance', () => {
  it.each(ok)('%s %s', (_id, input, expected) => {
    expect(evaluateTemplates(input, ctx)).toBe(expected);
  });

  it.each(errors)('%s %s fails', (_id, input, inner) => {
    let err: unknown;
    try {
      evaluateTemplates(input, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message.endsWith(`: ${inner}`)).toBe(true);
  });

  it('names function, arguments and resolved file in the error (C08 form)', () => {
    expect(() => evaluateTemplates('{{csv_avg:NAME:TARGET_FILE[csv1]}}', ctx)).toThrow(
      `csv_avg(NAME, TARGET_FILE[csv1]) on ${path.join(dir, 'd.csv')}: No numeric values found in column 'NAME'`,
    );
  });

  it('reports the unresolved placeholder of C32 instead of failing', () => {
    const seen: string[] = [];
    const res = evaluateTemplatesDetailed('Hi {{entity1}} {{csv_count:ID:d.csv}}', ctx, { onUnknown: (p) => seen.push(p) });
    expect(res).toEqual({ text: 'Hi {{entity1}} 4', unknown: ['{{entity1}}'], calls: 1 });
    expect(seen).toEqual(['{{entity1}}']);
  });
});
