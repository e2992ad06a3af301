import { performance } from 'node:perf_hooks';
import type { ChatMessage, ConversationStatistics, RoundStat } from '../results/types';
import type { Clock } from '../util/clock';

/**
 * Records one attempt as it happens: the conversation in OpenAI form, one `RoundStat` per model call,
 * and the counters that become `statistics`. Shared by the real agents so both report the same shape.
 */
export class Transcript {
  readonly messages: ChatMessage[] = [];
  readonly rounds: RoundStat[] = [];
  toolCalls = 0;
  readonly toolsUsed: string[] = [];
  private readonly t0 = performance.now();

  constructor(private readonly clock: Clock) {}

  push(m: ChatMessage): void {
    this.messages.push(m);
  }

  /** Starts timing a round; call the returned function when it ends. */
  startRound(): (r: Omit<RoundStat, 'round' | 'started_at' | 'duration_ms'>) => RoundStat {
    const startedAt = this.clock.now().toISOString();
    const t = performance.now();
    return (r) => {
      const stat: RoundStat = { round: this.rounds.length + 1, started_at: startedAt, duration_ms: Math.round(performance.now() - t), ...r };
      this.rounds.push(stat);
      return stat;
    };
  }

  noteTool(name: string): void {
    this.toolCalls++;
    if (!this.toolsUsed.includes(name)) this.toolsUsed.push(name);
  }

  /** Seconds since the attempt started, rounded to 2 places like the reference. */
  elapsedSeconds(): number {
    return Math.round((performance.now() - this.t0) / 10) / 100;
  }

  /** Statistics with real token usage summed over the rounds that reported it. */
  statistics(extra: Partial<ConversationStatistics> = {}): ConversationStatistics {
    const withUsage = this.rounds.filter((r) => r.prompt_tokens !== undefined || r.completion_tokens !== undefined);
    const prompt = withUsage.reduce((s, r) => s + (r.prompt_tokens ?? 0), 0);
    const completion = withUsage.reduce((s, r) => s + (r.completion_tokens ?? 0), 0);
    return {
      total_messages: this.messages.length,
      inference_rounds: this.rounds.length,
      tool_calls: this.toolCalls,
      tools_used: [...this.toolsUsed],
      execution_time_seconds: this.elapsedSeconds(),
      ...(withUsage.length > 0 && { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }),
      rounds: this.rounds.map((r) => ({ ...r })),
      ...extra,
    };
  }
}
