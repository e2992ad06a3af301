/** The results index as the run commands use it: optional, opened when wanted, a warning (not a failure) if it cannot be. */
import type { ResultsIndex } from '../index/open';

export interface IndexOpener {
  /** Opens the index (once; later calls return the same one), or undefined with a warning on stderr. */
  open: () => ResultsIndex | undefined;
  /** Closes it if it was opened. */
  close: () => void;
}

/** Loads the index module (SQLite) only for the commands that write: `picard --help` stays light. */
export async function indexOpener(resultsDir: string): Promise<IndexOpener> {
  const { openResultsIndex } = await import('../index/open');
  let index: ResultsIndex | undefined;
  let tried = false;
  return {
    open: () => {
      if (tried) return index;
      tried = true;
      try {
        index = openResultsIndex(resultsDir);
      } catch (err) {
        process.stderr.write(`picard: warning: ${(err as Error).message}; running without updating it\n`);
      }
      return index;
    },
    close: () => index?.close(),
  };
}
