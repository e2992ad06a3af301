import type { RunEvent } from '../events/types';
import type { SweepHandle } from '../experiments/sweep';
import { countRunEvent, newRunTally, percentCorrect, type RunTally } from './run-tally';

interface Line extends RunTally {
  label: string;
  state: string;
  /** Last tenth printed (non-TTY). */
  tenth: number;
}

/**
 * Terminal progress of a sweep: one line per configuration. On a TTY the block is redrawn in place (at most
 * 4 times a second); otherwise a configuration prints a line when it starts, at every tenth of its items and
 * when it ends. Errors a run logs are printed with its label. Returns a function that stops the redraws.
 */
export function followSweepProgress(handle: SweepHandle, out: NodeJS.WriteStream, opts: { quiet?: boolean } = {}): () => void {
  if (opts.quiet) return () => {};
  const tty = Boolean(out.isTTY);
  const width = Math.max(...handle.configurations.map((c) => c.label.length));
  const lines: Line[] = handle.configurations.map((c) => ({
    label: c.label, ...newRunTally(), tenth: -1,
    state: c.run ? 'starting' : c.error ? `FAILED to start: ${c.error}` : 'already completed',
  }));
  let drawn = 0;
  const text = (l: Line) => `${l.label.padEnd(width)}  ${l.done}/${l.total} · ${l.correct} correct (${percentCorrect(l)}%) · ${l.errored} errored · ${l.state}`;
  const redraw = () => {
    if (!tty) return;
    out.write(`${drawn ? `\x1b[${drawn}A` : ''}${lines.map((l) => `\r\x1b[K${text(l)}\n`).join('')}`);
    drawn = lines.length;
  };
  const say = (message: string) => {
    if (tty && drawn) {
      out.write(`\x1b[${drawn}A\r\x1b[J${message}\n`);
      drawn = 0;
      redraw();
    } else out.write(`${message}\n`);
  };
  if (!tty) for (const l of lines) if (l.state !== 'starting') say(`[${l.label}] ${l.state}`);
  const printer = { tty, say, status: (l: Line) => text(l).slice(width + 2) };
  handle.configurations.forEach((c, i) => c.run?.bus.subscribe((e: RunEvent) => followEvent(lines[i], e, printer)));
  const timer = tty ? setInterval(redraw, 250) : null;
  redraw();
  return () => {
    if (timer) clearInterval(timer);
    redraw();
  };
}

/** One configuration's line follows its run's event; off a TTY, what is worth a line is said (`status` is the line without its label). */
function followEvent(l: Line, e: RunEvent, p: { tty: boolean; say: (message: string) => void; status: (l: Line) => string }): void {
  countRunEvent(l, e);
  switch (e.type) {
    case 'run-started':
      l.state = 'running';
      if (!p.tty) p.say(`[${l.label}] ${l.total} items (${e.alreadyDone} already done), agent ${e.agent}, seed ${e.seed}`);
      break;
    case 'item-scored': {
      const tenth = l.total ? Math.floor((l.done / l.total) * 10) : 0;
      if (!p.tty && tenth > l.tenth && l.done < l.total) {
        l.tenth = tenth;
        p.say(`[${l.label}] ${p.status(l)}`);
      }
      break;
    }
    case 'run-log':
      if (e.level === 'error') p.say(`[${l.label}] [error] ${e.message}`);
      break;
    case 'run-finished':
      l.state = e.status === 'completed' ? 'completed' : `${e.status.toUpperCase()}${e.error ? `: ${e.error}` : ''}`;
      l.correct = e.correct;
      if (!p.tty) p.say(`[${l.label}] ${p.status(l)}`);
      break;
    default:
      break;
  }
}
