import type { z } from 'zod';
import { defineAgentKind } from '../agent-kind';
import type { openaiConfigSchema } from './openai-schema';
import { maxRoundsField, requestTimeoutField } from './shared';

/** The built-in tool loop over any OpenAI-compatible Chat Completions endpoint. */
export const openaiKind = defineAgentKind<z.infer<typeof openaiConfigSchema>>({
  kind: 'openai',
  label: 'OpenAI-compatible endpoint',
  fields: [
    {
      key: 'baseUrl', type: 'text',
      cli: { flag: '--base-url', arg: '<url>', help: 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1' },
      form: { label: 'Base URL', placeholder: 'http://127.0.0.1:8000/v1' },
    },
    { key: 'model', type: 'text', cli: { flag: '--model', arg: '<name>', help: 'model name for --agent openai' }, form: { label: 'Model' } },
    { key: 'apiKey', type: 'secret', form: { label: 'API key (kept in server memory, never written)' } },
    {
      key: 'apiKeyEnv', type: 'text',
      cli: { flag: '--api-key-env', arg: '<name>', help: 'environment variable holding the API key (default OPENAI_API_KEY)' },
      form: { label: '…or from the server\'s environment variable', placeholder: 'OPENAI_API_KEY' },
    },
    maxRoundsField,
    { key: 'temperature', type: 'number', cli: { flag: '--temperature', arg: '<t>', help: 'sampling temperature' } },
    { key: 'maxTokens', type: 'number', cli: { flag: '--max-tokens', arg: '<n>', help: 'max output tokens per round' } },
    requestTimeoutField,
    { key: 'allowExec', type: 'flag', cli: { flag: '--allow-exec', help: 'offer the code-execution tool to the model (off by default)' } },
  ],
});
