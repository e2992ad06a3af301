import type { z } from 'zod';
import { defineAgentKind } from '../agent-kind';
import type { agenticServerConfigSchema } from './agentic-server-schema';
import { maxRoundsField, requestTimeoutField } from './shared';

/** Client for the reference agentic server's NDJSON protocol (`POST /api/chat`); the server runs its own tools. */
export const agenticServerKind = defineAgentKind<z.infer<typeof agenticServerConfigSchema>>({
  kind: 'agentic-server',
  label: 'Agentic server (PICARD protocol)',
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
