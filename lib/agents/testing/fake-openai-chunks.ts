/** Builds Chat Completions responses in the exact wire format of `shared/design/stack.md` §7. */

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface FakeToolCall {
  /** Omitted → `call_<turn>_<i>`; `''` → no id on the wire (some servers omit it). */
  id?: string;
  name: string;
  /** Raw argument text, sent split across two chunks like real servers do. */
  arguments: string;
}

/** One scripted model reply: tool calls or a text answer. */
export interface FakeReply {
  toolCalls?: FakeToolCall[];
  content?: string;
  /** Sent as `delta.reasoning_content` before the content. */
  reasoning?: string;
  /** Default `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: string;
  /** Default: derived from the request size; `null` sends no usage chunk even when asked for. */
  usage?: FakeUsage | null;
  /** Served model id (default: the script's model). */
  model?: string;
}

/** Splits text in two halves (at least one piece) so consumers must accumulate. */
function halves(s: string): string[] {
  if (s.length < 2) return [s];
  const mid = Math.ceil(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)];
}

/** The `data:` payloads of a streamed reply (without the final `[DONE]`). */
export function streamChunks(reply: FakeReply, turn: number, model: string, usage: FakeUsage | null): object[] {
  const base = { id: `chatcmpl-${turn}`, object: 'chat.completion.chunk', created: 1795688506, model };
  const choice = (delta: object, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  const out: object[] = [];
  const calls = reply.toolCalls ?? [];
  if (reply.reasoning) out.push(choice({ role: 'assistant', content: null, reasoning_content: reply.reasoning }));
  calls.forEach((c, i) => {
    const id = c.id ?? `call_${turn}_${i}`;
    const head = { index: i, ...(id !== '' && { id }), type: 'function', function: { name: c.name, arguments: '' } };
    out.push(choice({ ...(i === 0 && !reply.reasoning && { role: 'assistant', content: null }), tool_calls: [head] }));
    for (const part of halves(c.arguments)) out.push(choice({ tool_calls: [{ index: i, function: { arguments: part } }] }));
  });
  if (reply.content !== undefined) {
    if (calls.length === 0 && !reply.reasoning) out.push(choice({ role: 'assistant', content: '' }));
    for (const part of halves(reply.content)) out.push(choice({ content: part }));
  }
  out.push(choice({}, reply.finishReason ?? (calls.length ? 'tool_calls' : 'stop')));
  if (usage) out.push({ ...base, choices: [], usage });
  return out;
}

/** A non-streamed `chat.completion` object. */
export function completionObject(reply: FakeReply, turn: number, model: string, usage: FakeUsage | null): object {
  const calls = (reply.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${turn}_${i}`,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  return {
    id: `chatcmpl-${turn}`,
    object: 'chat.completion',
    created: 1795688506,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? null, ...(calls.length && { tool_calls: calls }) },
        finish_reason: reply.finishReason ?? (calls.length ? 'tool_calls' : 'stop'),
        logprobs: null,
      },
    ],
    ...(usage && { usage }),
  };
}
