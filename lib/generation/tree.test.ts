import { describe, expect, it } from 'vitest';
import { expectedStructureBlock, renderDirectoryTree } from './tree';

describe('renderDirectoryTree', () => {
  it('C41: simple project', () => {
    expect(renderDirectoryTree(['proj/', 'proj/src/', 'proj/src/main.py', 'proj/README.md'])).toBe(
      '└── proj/\n    ├── README.md\n    └── src/\n        └── main.py',
    );
  });

  it('C42: {{artifacts}} paths are indented one level', () => {
    const paths = [
      '{{artifacts}}/a/',
      '{{artifacts}}/a/b/',
      '{{artifacts}}/a/logs/',
      '{{artifacts}}/a/logs/x.log',
      '{{artifacts}}/c/',
      '{{artifacts}}/c/README.md',
    ];
    expect(renderDirectoryTree(paths)).toBe(
      '    ├── a/\n    │   ├── b/\n    │   └── logs/\n    │       └── x.log\n    └── c/\n        └── README.md',
    );
  });

  it('PAST Q104 shape (spec §3.5)', () => {
    const paths = [
      '{{artifacts}}/loud/',
      '{{artifacts}}/loud/logs/',
      '{{artifacts}}/loud/logs/wonder.log',
      '{{artifacts}}/loud/shadow/',
      '{{artifacts}}/marsh/',
      '{{artifacts}}/marsh/README.md',
    ];
    expect(renderDirectoryTree(paths)).toBe(
      [
        '    ├── loud/',
        '    │   ├── logs/',
        '    │   │   └── wonder.log',
        '    │   └── shadow/',
        '    └── marsh/',
        '        └── README.md',
      ].join('\n'),
    );
  });

  it.each([
    ['empty list', [], ''],
    ['single file', ['a.txt'], '└── a.txt'],
    ['siblings are sorted', ['b.txt', 'a.txt', 'C.txt'], '├── C.txt\n├── a.txt\n└── b.txt'],
    ['missing parents are not invented', ['x/y/z.txt'], '        └── z.txt'],
    ['duplicates are kept', ['d/', 'd/'], '├── d/\n└── d/'],
    ['double trailing slash counts both', ['a//'], '    └── a/'],
  ])('%s', (_name, paths, expected) => {
    expect(renderDirectoryTree(paths as string[])).toBe(expected);
  });

  it('sorts by code point like Python (astral chars after U+FFFF-range BMP chars)', () => {
    expect(renderDirectoryTree(['\u{1F600}.txt', '\uFF21.txt'])).toBe('├── \uFF21.txt\n└── \u{1F600}.txt');
  });

  it('does not mutate its input', () => {
    const paths = ['b/', 'a/'];
    renderDirectoryTree(paths);
    expect(paths).toEqual(['b/', 'a/']);
  });
});

describe('expectedStructureBlock', () => {
  it('C43: fenced tree with a leading newline', () => {
    expect(`Make: ${expectedStructureBlock(['stream/', 'stream/ocean.txt'])}`).toBe(
      'Make: \n```\n└── stream/\n    └── ocean.txt\n```',
    );
  });
});
