import type { ConversationStatistics } from './types';

/** The prompt / completion split of a conversation's tokens, as item fields: only the halves its agent recorded. */
export function tokenSplitOf(s: ConversationStatistics): { promptTokens?: number; completionTokens?: number } {
  return {
    ...(typeof s.prompt_tokens === 'number' ? { promptTokens: s.prompt_tokens } : {}),
    ...(typeof s.completion_tokens === 'number' ? { completionTokens: s.completion_tokens } : {}),
  };
}
