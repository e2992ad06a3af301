import type { ChatMessage } from '@/lib/results';
import { CollapsibleText, prettyJson } from './collapsible-text';

const ROLE_STYLE: Record<ChatMessage['role'], string> = {
  system: 'border-slate-300 bg-slate-50',
  user: 'border-sky-300 bg-sky-50',
  assistant: 'border-emerald-300 bg-white',
  tool: 'border-amber-300 bg-amber-50',
};

/** Every message of a conversation; tool calls show their arguments, tool messages their result. */
export function MessageList({ messages }: { messages: ChatMessage[] }) {
  const toolNames = new Map<string, string>();
  for (const m of messages) for (const c of m.tool_calls ?? []) toolNames.set(c.id, c.function.name);
  return (
    <ol className="space-y-2" data-testid="message-list">
      {messages.map((m, i) => (
        <li key={i} data-testid="message" data-role={m.role} className={`rounded border-l-4 p-2 ${ROLE_STYLE[m.role]}`}>
          <div className="mb-1 text-xs font-medium text-slate-500">
            {m.role}
            {m.role === 'tool' && m.tool_call_id ? ` · result of ${toolNames.get(m.tool_call_id) ?? m.name ?? m.tool_call_id}` : ''}
          </div>
          {m.content ? <CollapsibleText text={m.content} /> : null}
          {(m.tool_calls ?? []).map((c) => (
            <div key={c.id} data-testid="tool-call" className="mt-1 rounded bg-slate-100 p-2">
              <div className="font-mono text-xs font-semibold">{c.function.name}()</div>
              <CollapsibleText text={prettyJson(c.function.arguments)} limit={400} />
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
