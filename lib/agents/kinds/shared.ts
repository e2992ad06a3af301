import type { AgentField } from '../agent-kind';

/*
 * Settings that several agent kinds share (their schema parts are in shared-schema.ts): one definition each, so
 * `--max-llm-rounds` means the same on every kind that takes it.
 */

export const maxRoundsField: AgentField<'maxRounds'> = {
  key: 'maxRounds',
  type: 'number',
  cli: { flag: '--max-llm-rounds', arg: '<n>', help: 'cap on model rounds per item (default 20)' },
  form: { label: 'Max rounds per item', placeholder: '20', min: 1 },
};

export const requestTimeoutField: AgentField<'requestTimeoutS'> = {
  key: 'requestTimeoutS',
  type: 'number',
  cli: { flag: '--request-timeout', arg: '<seconds>', help: 'per-request timeout' },
};
