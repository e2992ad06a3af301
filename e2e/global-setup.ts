import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cliArgs } from '../lib/testing/entries';
import { ROOT } from './support';

/**
 * Starts generating the 20,000-item finished run in the background (the CLI with no think time takes about a
 * minute), so it overlaps the other specs; e2e/z-big-run.spec.ts waits for it. Its folder is
 * `$E2E_RESULTS_DIR-big/`, outside the shared results folder so it does not slow the other pages. It runs the
 * compiled CLI, fresh: Playwright starts the webServer, whose command compiles, before global setup.
 */
export default function globalSetup(): () => void {
  const dir = `${process.env.E2E_RESULTS_DIR!}-big`;
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, cliArgs(['run', '-d', 'lib/suites/quickstart.yaml',
    '--samples', '3334', '--think-ms', '0', '--seed', '11', '--label', 'big20k', '--results-dir', dir, '-q']), { cwd: ROOT, stdio: 'ignore' });
  return () => { if (child.exitCode === null) child.kill('SIGTERM'); };
}
