import type { ChatMessage } from '../results/types';
import { pyStrip } from '../py';
import { parseTextToolCall, stripThinkingTags } from './text-protocol';
import type { Transcript } from './transcript';
import type { AgentProgress } from './types';

/** A line that breaks the protocol the way the reference fails on (`KeyError: 'role'`). */
export class ProtocolError extends Error {}

type RoundEnd = ReturnType<Transcript['startRound']>;

/**
 * Consumes the reference agentic server's NDJSON lines exactly as PICARD's `real_llm.py` does (spec §7.3):
 * chunks fill a buffer; `done` records a non-blank buffer as an assistant message and counts a round; a
 * `tool_call` line is a tool result. In addition it records the conversation in OpenAI form (see docs/agents.md)
 * and remembers enough to tell a complete stream from a cut one.
 */
export class AgenticStreamState {
  /** Rounds with non-blank text: PICARD's `inference_rounds`. */
  nonBlankRounds = 0;
  toolCalls = 0;
  toolExecuted = false;
  finalResponse = '';
  invalidLines = 0;
  private buffer = '';
  private roundEnd: RoundEnd | null = null;
  private allRounds = 0;
  /** Last protocol line seen, for the completeness check. */
  private last: 'chunk' | 'done' | 'tool' | null = null;
  private lastRoundClean = '';
  /** The synthetic call of the last assistant message, until a tool result answers it. */
  private pending: { id: string; name: string } | null = null;

  constructor(
    private readonly t: Transcript,
    private readonly maxRounds: number,
    private readonly onProgress?: (p: AgentProgress) => void,
  ) {}

  /** Handles one raw line; returns 'stop' when the round cap is reached (the caller must abort the request). */
  line(raw: string): 'continue' | 'stop' {
    const text = raw.trim();
    if (!text) return 'continue';
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.invalidLines++; // the reference prints a warning and skips it
      return 'continue';
    }
    if (data === null || typeof data !== 'object' || !('role' in data)) {
      throw new ProtocolError(`stream line has no 'role' (the reference fails with KeyError 'role'): ${text.slice(0, 200)}`);
    }
    const d = data as { role: unknown; type?: unknown; content?: unknown };
    if (d.role === 'assistant') {
      this.roundEnd ??= this.t.startRound();
      if (d.type === 'chunk') {
        this.buffer += typeof d.content === 'string' ? d.content : '';
        this.last = 'chunk';
      } else if (d.type === 'done') {
        this.last = 'done';
        return this.finishRound();
      }
    } else if (d.role === 'tool_call') {
      this.toolResult(typeof d.content === 'string' ? d.content : String(d.content ?? ''));
      this.last = 'tool';
    }
    return 'continue'; // any other role: ignored, like the reference (forward compatibility)
  }

  private finishRound(): 'continue' | 'stop' {
    this.allRounds++;
    this.roundEnd?.({ tool_calls: 0 });
    this.roundEnd = null;
    const raw = this.buffer;
    this.buffer = '';
    this.lastRoundClean = stripThinkingTags(raw);
    this.pending = null;
    if (pyStrip(raw) === '') return 'continue'; // blank rounds are not recorded nor counted (reference)
    const parsed = parseTextToolCall(this.lastRoundClean);
    const msg: ChatMessage = { role: 'assistant', content: raw };
    if (parsed.kind === 'call') {
      this.pending = { id: `call_r${this.allRounds}`, name: parsed.name };
      msg.tool_calls = [{ id: this.pending.id, type: 'function', function: { name: parsed.name, arguments: JSON.stringify(parsed.input) } }];
    }
    this.t.push(msg);
    this.finalResponse = raw;
    this.nonBlankRounds++;
    this.onProgress?.({ kind: 'round', round: this.nonBlankRounds });
    return this.nonBlankRounds >= this.maxRounds ? 'stop' : 'continue';
  }

  private toolResult(content: string): void {
    this.toolCalls++;
    const executed = content.includes('Tool result:');
    if (executed) this.toolExecuted = true;
    const lastRound = this.t.rounds[this.t.rounds.length - 1];
    if (lastRound) lastRound.tool_calls++;
    const prev = this.t.messages[this.t.messages.length - 1];
    // Answer the pending synthetic call; an unparsable request still gets a call so the result has an owner.
    if (!this.pending && prev?.role === 'assistant' && !prev.tool_calls) {
      this.pending = { id: `call_r${this.allRounds}`, name: 'unparsed_tool_call' };
      prev.tool_calls = [{ id: this.pending.id, type: 'function', function: { name: this.pending.name, arguments: '' } }];
    }
    const owner = this.pending;
    this.pending = null;
    this.t.push({ role: 'tool', ...(owner && { tool_call_id: owner.id, name: owner.name }), content });
    this.onProgress?.({ kind: 'tool', name: owner?.name ?? 'unknown', ok: executed && !content.startsWith('Tool result: ```Error') });
  }

  /** Why a stream that ended by itself is incomplete, or null when it ended like the server ends it. */
  incompleteReason(): string | null {
    if (this.last === null) return 'the response had no protocol lines';
    if (this.last === 'chunk') return 'the stream ended in the middle of a round (no "done" line)';
    if (this.last === 'tool') return 'the stream ended after a tool result, before the next round';
    if (parseTextToolCall(this.lastRoundClean).kind !== 'none') return 'the last reply requested a tool but no result followed';
    return null;
  }
}
