import { z } from 'zod';
import { defineAgentKind } from '../agent-kind';
import { httpUrl, maxRoundsField, maxRoundsSchema, requestTimeoutField, requestTimeoutSchema, requiredText } from './shared';

export const openaiConfigSchema = z.object({
  kind: z.literal('openai'),
  baseUrl: httpUrl,
  model: requiredText,
  /** Name of the environment variable holding the key (default OPENAI_API_KEY). Secrets never go in a config. */
  apiKeyEnv: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
  temperature: z.number('expected a number').min(0, 'must not be negative').optional(),
  maxTokens: z.int('expected an integer').min(1, 'at least 1').optional(),
  maxRounds: maxRoundsSchema.optional(),
  requestTimeoutS: requestTimeoutSchema.optional(),
  allowExec: z.boolean().optional(),
});

/** The built-in tool loop over any OpenAI-compatible Chat Completions endpoint. */
export const openaiKind = defineAgentKind({
  kind: 'openai',
  label: 'OpenAI-compatible endpoint',
  configSchema: openaiConfigSchema,
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
