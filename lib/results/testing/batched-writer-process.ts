/**
 * For tests: a process that writes a result folder's two JSONL files through `RunWriter` as fast as it can, `perTurn`
 * items finishing in every event-loop turn (so each `write` carries many lines), until it is killed. Prints `ready`
 * once the first batch is on disk. Usage: node --import tsx batched-writer-process.ts <dir> <perTurn>
 */
import { RunWriter } from '../run-writer';

const [dir, perTurnArg] = process.argv.slice(2);
const perTurn = Number(perTurnArg);
const writer = new RunWriter(dir);
writer.openResponses();
const padding = 'x'.repeat(3000); // lines of a few KB: a batch is well over one page
let n = 0;
let announced = false;
const turn = () => {
  for (let i = 0; i < perTurn; i++) {
    n++;
    const ref = { question_id: 1 + (n % 7), sample_number: n };
    writer.appendResponse({ ...ref, timestamp: 't', response_text: padding, execution_successful: true, error_message: null, model_info: 'test' });
    writer.appendScore({ ...ref, scoring_type: 'stringmatch', correct: n % 2 === 0, error_message: null, details: { ratio: 2.5, padding }, timestamp: 't' });
  }
  if (!announced) {
    setImmediate(() => process.stdout.write('ready\n'));
    announced = true;
  }
  setImmediate(turn);
};
turn();
