/**
 * A task a scripted model can solve with tools, for tests of real agents: "write the word W into F". The suite
 * text, and the fake model's right answer (create the folder, write the file, then say done).
 */
import { dirname } from 'node:path';
import type { FakeTurn } from './fake-openai-server';

/** A definitions file's text: one readfile_stringmatch test of `samples` samples. */
export function writeWordSuite(samples: number): string {
  return `tests:
  - question_id: 1
    samples: ${samples}
    template: "[{{qs_id}}] Write the word {{entity1}} into {{artifacts}}/{{qs_id}}/out.txt"
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/{{qs_id}}/out.txt"
    expected_content: "{{entity1}}"
`;
}

/** The right answer at `turn`: tool calls first, then the closing message. */
export function solveWriteWord(question: string, turn: number): FakeTurn {
  const m = /Write the word (\S+) into (\S+)$/.exec(question)!;
  if (turn > 0) return { content: `Done: wrote ${m[1]}` };
  return {
    toolCalls: [
      { name: 'create_directory', arguments: JSON.stringify({ path: dirname(m[2]) }) },
      { name: 'write_file', arguments: JSON.stringify({ path: m[2], content: m[1] }) },
    ],
  };
}
