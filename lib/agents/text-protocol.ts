/**
 * The reference agentic server's text tool protocol (agent-protocol.md §1.5): `<tool_call>{"name", "input"}</tool_call>`
 * in the assistant text, after thinking blocks are stripped.
 */

const THINK_TAGS = ['think', 'thinking', 'reasoning', 'thought', 'internal', 'reflection', 'analysis'];
const THINK_BLOCK = new RegExp(`<(${THINK_TAGS.join('|')})>[\\s\\S]*?</\\1>`, 'gi');

/** Removes thinking blocks, then everything up to a last orphan `</think>`, then trims (the server's rule). */
export function stripThinkingTags(text: string): string {
  let out = text.replace(THINK_BLOCK, '');
  const orphan = out.toLowerCase().lastIndexOf('</think>');
  if (orphan >= 0) out = out.slice(orphan + '</think>'.length);
  return out.trim();
}

export type TextToolCall =
  | { kind: 'none' }
  | { kind: 'multiple' }
  | { kind: 'invalid' }
  | { kind: 'call'; name: string; input: Record<string, unknown> };

/** The JSON object starting at `start` (a `{`), brace-matched outside strings; null when unbalanced. */
function objectAt(text: string, start: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/**
 * What the server will do with a (think-stripped) reply: no marker → the run ends; several → an error line;
 * otherwise the call it parses. Braces inside JSON strings are handled correctly here (the server miscounts
 * them; we only use the result to label the recorded call, never to decide anything the server decides).
 */
export function parseTextToolCall(clean: string): TextToolCall {
  const n = clean.split('<tool_call>').length - 1;
  if (n === 0) return { kind: 'none' };
  if (n > 1) return { kind: 'multiple' };
  const brace = clean.indexOf('{', clean.indexOf('<tool_call>'));
  const json = brace >= 0 ? objectAt(clean, brace) : null;
  if (json === null) return { kind: 'invalid' };
  try {
    const v = JSON.parse(json) as { name?: unknown; input?: unknown };
    if (typeof v.name !== 'string') return { kind: 'invalid' };
    const input = v.input && typeof v.input === 'object' && !Array.isArray(v.input) ? (v.input as Record<string, unknown>) : {};
    return { kind: 'call', name: v.name, input };
  } catch {
    return { kind: 'invalid' };
  }
}
