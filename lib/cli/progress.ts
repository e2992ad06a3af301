import type { RunEvent } from '../events/types';
import { countRunEvent, newRunTally, percentCorrect } from './run-tally';

/** How often the TTY status line is redrawn at most. */
const REDRAW_MS = 100;

/**
 * Terminal progress for a run, a peer subscriber of the run's bus. On a TTY one status line is rewritten (at most
 * every 100 ms, and on every message); otherwise one line per finished item (reference-style) is printed. Output
 * is collected and written once per event-loop turn, so the items that finish together cost one `write`; it is
 * written at once before anything that ends the run (`run-finished`).
 */
export function createProgressPrinter(out: NodeJS.WritableStream & { isTTY?: boolean }, opts: { quiet?: boolean } = {}): (e: RunEvent) => void {
  const tty = Boolean(out.isTTY);
  const t = newRunTally();
  let drawnAt = 0;
  let redraw: NodeJS.Timeout | null = null;
  const started = Date.now();
  const { write, flush } = batchedWriter(out);
  const line = () => {
    const rate = t.done / Math.max(0.001, (Date.now() - started) / 1000);
    return `${t.done}/${t.total} done · ${t.correct} correct (${percentCorrect(t)}%) · ${t.errored} errored · ${rate.toFixed(1)} items/s`;
  };
  const draw = () => {
    if (redraw) clearTimeout(redraw);
    redraw = null;
    drawnAt = Date.now();
    write(`\r\x1b[K${line()}`);
  };
  return (e) => {
    if (opts.quiet) return;
    countRunEvent(t, e);
    switch (e.type) {
      case 'run-started':
        write(`Run ${e.runId}: ${t.total} items (${e.alreadyDone} already done), agent ${e.agent}, seed ${e.seed}\n`);
        break;
      case 'item-retrying':
        write(`${tty ? '\r\x1b[K' : ''}${e.key}: ${e.reason} — retrying in ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt}/${e.maxAttempts})\n`);
        if (tty) draw();
        break;
      case 'item-scored':
        if (!tty) write(`[${e.at.slice(11, 19)}] ${e.key} (${e.score.scoring_type}) ${e.errored ? 'ERRORED' : e.score.correct ? 'CORRECT' : 'INCORRECT'} (${t.done}/${t.total})\n`);
        else if (Date.now() - drawnAt >= REDRAW_MS) draw();
        else redraw ??= setTimeout(draw, REDRAW_MS - (Date.now() - drawnAt));
        break;
      case 'run-log':
        write(`${tty ? '\r\x1b[K' : ''}[${e.level}] ${e.message}\n`);
        if (tty) draw();
        break;
      case 'run-finished':
        if (redraw) clearTimeout(redraw);
        redraw = null;
        write(`${tty ? '\r\x1b[K' : ''}${line()}\nRun ${e.status}: ${e.correct}/${e.total} correct, ${e.errored} errored, ${(e.durationMs / 1000).toFixed(1)} s${e.error ? ` — ${e.error}` : ''}\n`);
        flush();
        break;
      default:
        break;
    }
  };
}

/** Output collected and written once per event-loop turn (`write`), or at once (`flush`). */
function batchedWriter(out: NodeJS.WritableStream): { write: (s: string) => void; flush: () => void } {
  let pending = '';
  let scheduled: NodeJS.Immediate | null = null;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (pending) out.write(pending);
    pending = '';
  };
  const write = (s: string) => {
    pending += s;
    scheduled ??= setImmediate(flush);
  };
  return { write, flush };
}
