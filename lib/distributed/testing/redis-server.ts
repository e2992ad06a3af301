import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A real `redis-server` started for a test: own process, random port on 127.0.0.1, no persistence. */
export interface TestRedis {
  port: number;
  url: string;
  process: ChildProcess;
  /** Runs `redis-cli -p <port> <args…>` and returns its trimmed stdout. */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

export const REDIS_SERVER = process.env.PICARD_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no` and waits for `PING`. */
export async function startTestRedis(extra: string[] = []): Promise<TestRedis> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
  const t0 = performance.now();
  while (cli('ping') !== 'PONG') {
    if (child.exitCode !== null || performance.now() - t0 > 10_000) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    cli,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
