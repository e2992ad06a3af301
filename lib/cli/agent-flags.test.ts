import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { agentCliFields } from '../agents/agent-kinds';
import { addAgentOptions, agentConfigFromFlags } from './agent-flags';

/** Parses `args` with a real commander command carrying the agent options; returns its flags. */
function parse(args: string[]): Record<string, unknown> {
  const cmd = addAgentOptions(new Command('run').exitOverride().configureOutput({ writeErr: () => {} }));
  cmd.parse(args, { from: 'user' });
  return cmd.opts();
}

describe('picard run agent flags (from the agent registry)', () => {
  it('builds an openai config: numbers parsed, boolean flags, no flags of other kinds', async () => {
    const flags = parse(['--agent', 'openai', '--base-url', 'http://127.0.0.1:8000/v1', '--model', 'qwen3', '--max-llm-rounds', '4', '--request-timeout', '2.5', '--temperature', '0', '--allow-exec', '--think-ms', '5']);
    expect(await agentConfigFromFlags(flags)).toEqual({ kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen3', maxRounds: 4, requestTimeoutS: 2.5, temperature: 0, allowExec: true });
  });

  it('defaults to the simulated agent and reads a think-time range', async () => {
    expect(await agentConfigFromFlags(parse(['--think-ms', '0-50', '--accuracy', '1']))).toEqual({ kind: 'simulated', thinkMs: [0, 50], accuracy: 1 });
  });

  it('gives the agentic server the reference endpoint when --api-endpoint is absent', async () => {
    expect(await agentConfigFromFlags(parse(['--agent', 'agentic-server']))).toEqual({ kind: 'agentic-server', endpoint: 'http://localhost:5002/api/chat' });
  });

  it('names the flag of every missing or bad value', async () => {
    await expect(agentConfigFromFlags(parse(['--agent', 'openai', '--model', 'm', '--max-tokens', 'many']))).rejects.toThrow("--max-tokens: expected a number, got 'many' (--agent openai)");
    await expect(agentConfigFromFlags(parse(['--agent', 'openai']))).rejects.toThrow('--base-url: required (--agent openai); --model: required (--agent openai)');
    await expect(agentConfigFromFlags(parse(['--accuracy', '2']))).rejects.toThrow('--accuracy: expected a probability (0–1) (--agent simulated)');
  });

  it('refuses an unknown kind at parse time, listing the registry\'s kinds', () => {
    expect(() => parse(['--agent', 'gpt'])).toThrow(/Allowed choices are simulated, openai, agentic-server/);
  });

  it('registers every kind\'s flags exactly once', () => {
    const cmd = addAgentOptions(new Command('run'));
    const longs = cmd.options.map((o) => o.long);
    expect(longs).toEqual(['--agent', ...agentCliFields().map((f) => f.cli!.flag)]);
  });
});
