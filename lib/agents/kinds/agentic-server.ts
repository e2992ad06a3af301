import { z } from 'zod';
import { defineAgentKind } from '../agent-kind';
import { httpUrl, maxRoundsField, maxRoundsSchema, requestTimeoutField, requestTimeoutSchema } from './shared';

export const agenticServerConfigSchema = z.object({
  kind: z.literal('agentic-server'),
  endpoint: httpUrl,
  maxRounds: maxRoundsSchema.optional(),
  requestTimeoutS: requestTimeoutSchema.optional(),
});

/** Client for the reference agentic server's NDJSON protocol (`POST /api/chat`); the server runs its own tools. */
export const agenticServerKind = defineAgentKind({
  kind: 'agentic-server',
  label: 'Agentic server (PICARD protocol)',
  configSchema: agenticServerConfigSchema,
  fields: [
    {
      key: 'endpoint', type: 'text',
      cli: { flag: '--api-endpoint', arg: '<url>', help: 'agentic-server endpoint (default http://localhost:5002/api/chat)', default: 'http://localhost:5002/api/chat' },
      form: { label: 'Endpoint', placeholder: 'http://127.0.0.1:5002/api/chat' },
    },
    maxRoundsField,
    requestTimeoutField,
  ],
});
