import { dirname } from 'node:path';
import type { Agent, AgentOutcome, AgentRequest } from './types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import type { Rng } from '../util/rng';
import { createRng } from '../util/rng';
import type { ChatMessage, ConversationStatistics } from '../results/types';
import { createToolset, runTool, toolContext, type Tool, type ToolContext } from './tools';
import { sleep } from '../util/sleep';
import { perturbAnswer } from './simulated-answers';
import { scorerFor } from '../scoring/registry';
import { replyAnswer } from '../scoring/simulated-actions';
import type { SimulatedAction } from '../scoring/types';

export interface SimulatedAgentConfig {
  seed: number;
  /** Think time per item in ms: a fixed value or a [min, max] range (default [200, 1000]). */
  thinkMs?: number | [number, number];
  /** Probability of answering correctly (default 0.8). */
  accuracy?: number;
  /** Probability that an attempt fails with a retryable simulated server error (default 0). */
  errorRate?: number;
  /** Changes which attempts fail (not the answers): a resumed run passes its resume count. */
  epoch?: number;
}

type Step = { name: string; args: Record<string, unknown> };

/**
 * A deterministic stand-in for a model: it acts on the sandbox through the same tools a real agent uses
 * (lists and reads files, writes answer files, creates folders), answers right or wrong at a set rate, and
 * records its conversation in OpenAI message form. It knows the answer key, so it needs no model at all.
 */
export function createSimulatedAgent(config: SimulatedAgentConfig): Agent {
  const tools = createToolset({ allowExec: false });
  const accuracy = config.accuracy ?? 0.8;
  const errorRate = config.errorRate ?? 0;
  const think = config.thinkMs ?? [200, 1000];
  return {
    kind: 'simulated',
    describe: () => ({ kind: 'simulated', think_ms: think, accuracy, error_rate: errorRate }),
    async run(req: AgentRequest): Promise<AgentOutcome> {
      const started = performance.now();
      const key = itemKey(req.entry.question_id, req.entry.sample_number);
      const rng = createRng(config.seed, `simulated/${key}/${req.attempt}`);
      const correct = createRng(config.seed, `simulated/${key}`).next() < accuracy;
      const fails = createRng(config.seed, `simulated-fault/${key}/${req.attempt}/${config.epoch ?? 0}`).next() < errorRate;
      const waitMs = Array.isArray(think) ? rng.int(Math.min(...think), Math.max(...think)) : think;
      await sleep(waitMs, req.signal);
      const session = new ToolSession(tools, req);
      if (req.signal.aborted) return failure('aborted', 'Cancelled', false, session.conversation);
      if (fails) return failure('server-error', 'Simulated 503 Service Unavailable', true, session.conversation);

      await session.call([{ name: 'list_directory', args: { path: req.sandboxDir } }], 'Let me look at the sandbox first.');
      const firstFile = req.entry.sandbox_generation?.all_files_created?.find((f) => !f.endsWith('.db'));
      if (firstFile) await session.call([{ name: 'read_file', args: { path: firstFile } }], null);
      const plan = planAnswer(req.entry, correct, rng);
      if (plan.steps.length > 0) await session.call(plan.steps, 'I have what I need; writing the result.');
      session.reply(plan.answer);
      return {
        ok: true,
        responseText: plan.answer,
        conversation: session.conversation,
        modelInfo: 'simulated',
        statistics: session.statistics(started, plan.answer),
      };
    },
  };
}

/** The simulated conversation: assistant rounds whose tool calls run for real on the sandbox, and their statistics. */
class ToolSession {
  readonly conversation: ChatMessage[];
  private rounds = 0;
  private toolCalls = 0;
  private readonly toolsUsed = new Set<string>();
  /** The sandbox root's realpath is resolved once per attempt, not per tool call. */
  private readonly toolCtx: ToolContext;

  constructor(private readonly tools: Tool[], private readonly req: AgentRequest) {
    this.conversation = [{ role: 'user', content: req.question }];
    this.toolCtx = toolContext(req.sandboxDir, req.signal, req.sandboxRealParent, req.sandboxRealDir);
  }

  /** One assistant round that calls `steps`, each tool's output recorded after it. */
  async call(steps: Step[], text: string | null): Promise<void> {
    this.rounds += 1;
    const calls = steps.map((s, i) => ({
      id: `call_${this.rounds}_${i}`,
      type: 'function' as const,
      function: { name: s.name, arguments: JSON.stringify(s.args) },
    }));
    this.conversation.push({ role: 'assistant', content: text, tool_calls: calls });
    for (const c of calls) {
      const r = await runTool(this.tools, c.function.name, c.function.arguments, this.toolCtx);
      this.toolCalls += 1;
      this.toolsUsed.add(c.function.name);
      this.conversation.push({ role: 'tool', tool_call_id: c.id, content: r.output.slice(0, 4000) });
    }
  }

  /** The final assistant round: the answer. */
  reply(answer: string): void {
    this.rounds += 1;
    this.conversation.push({ role: 'assistant', content: answer });
  }

  statistics(started: number, answer: string): ConversationStatistics {
    const chars = this.conversation.reduce((n, m) => n + (m.content?.length ?? 0), 0);
    return {
      total_messages: this.conversation.length,
      inference_rounds: this.rounds,
      tool_calls: this.toolCalls,
      tools_used: [...this.toolsUsed],
      execution_time_seconds: Math.round((performance.now() - started) / 10) / 100,
      total_tokens_estimated: answer.length * 1.3,
      total_tokens: Math.ceil(chars / 4),
    };
  }
}

/**
 * What to do and say for an instance, right or deliberately wrong: the scorer's descriptor says which files to write
 * and what to reply; an unknown scoring type gets its `expected_response` as the reply.
 */
function planAnswer(entry: PrecheckEntry, correct: boolean, rng: Rng): { steps: Step[]; answer: string } {
  const ctx = { correct, rng, perturb: (s: string) => perturbAnswer(s, rng) };
  const plan = (scorerFor(entry.scoring_type)?.simulate ?? replyAnswer)(entry, ctx);
  const written = plan.actions.flatMap((a) => (a.kind === 'write_file' ? [a.path] : []));
  return { steps: [...parentSteps(written), ...plan.actions.map(toolStep)], answer: plan.answer };
}

/** Like a careful model: create parent folders first (write_file does not create them, as in the reference). */
function parentSteps(paths: string[]): Step[] {
  const parents = new Set(paths.filter((p) => !p.endsWith('/')).map((p) => dirname(p)));
  return [...parents].map((d) => ({ name: 'create_directory', args: { path: d } }));
}

function toolStep(a: SimulatedAction): Step {
  return a.kind === 'write_file' ? { name: 'write_file', args: { path: a.path, content: a.content } } : { name: 'create_directory', args: { path: a.path } };
}

function failure(reason: string, message: string, retryable: boolean, conversation: ChatMessage[]): AgentOutcome {
  return { ok: false, error: { reason, message, retryable }, conversation, statistics: {}, modelInfo: 'simulated' };
}

