import type { RunEvent } from '../events/types';

/**
 * Terminal progress for a run, a peer subscriber of the run's bus. On a TTY one status line is rewritten;
 * otherwise one line per finished item (reference-style) is printed.
 */
export function createProgressPrinter(out: NodeJS.WriteStream, opts: { quiet?: boolean } = {}): (e: RunEvent) => void {
  const tty = Boolean(out.isTTY);
  let total = 0;
  let done = 0;
  let correct = 0;
  let errored = 0;
  const started = Date.now();
  const line = () => {
    const pct = done ? ((correct / done) * 100).toFixed(1) : '0.0';
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    return `${done}/${total} done · ${correct} correct (${pct}%) · ${errored} errored · ${rate.toFixed(1)} items/s`;
  };
  return (e) => {
    if (opts.quiet) return;
    switch (e.type) {
      case 'run-started':
        total = e.items.length;
        done = e.alreadyDone;
        out.write(`Run ${e.runId}: ${total} items (${e.alreadyDone} already done), agent ${e.agent}, seed ${e.seed}\n`);
        break;
      case 'item-retrying':
        out.write(`${tty ? '\r\x1b[K' : ''}${e.key}: ${e.reason} — retrying in ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt}/${e.maxAttempts})\n`);
        break;
      case 'item-scored':
        done += 1;
        if (e.score.correct) correct += 1;
        if (e.errored) errored += 1;
        if (tty) out.write(`\r\x1b[K${line()}`);
        else out.write(`[${e.at.slice(11, 19)}] ${e.key} (${e.score.scoring_type}) ${e.errored ? 'ERRORED' : e.score.correct ? 'CORRECT' : 'INCORRECT'} (${done}/${total})\n`);
        break;
      case 'run-log':
        out.write(`${tty ? '\r\x1b[K' : ''}[${e.level}] ${e.message}\n`);
        break;
      case 'run-finished':
        out.write(`${tty ? '\r\x1b[K' : ''}${line()}\nRun ${e.status}: ${e.correct}/${e.total} correct, ${e.errored} errored, ${(e.durationMs / 1000).toFixed(1)} s${e.error ? ` — ${e.error}` : ''}\n`);
        break;
      default:
        break;
    }
  };
}
