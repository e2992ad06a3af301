/** Waiting for a run or a sweep in a terminal: Ctrl-C (or SIGTERM) interrupts it cleanly, a second one quits at once. */
export interface Interruptible<T> {
  interrupt(reason: string): void;
  done: Promise<T>;
}

/** Resolves with `handle.done`; while waiting, the first signal prints `notice` and interrupts, the second exits 130. */
export async function untilDone<T>(handle: Interruptible<T>, notice: string): Promise<T> {
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${notice} (Ctrl-C again to quit at once)…\n`);
    handle.interrupt('Interrupted by user (SIGINT)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await handle.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
