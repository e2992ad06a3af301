import { z } from 'zod';

/*
 * Schema parts that several agent kinds share (their fields are in shared.ts): one definition each, so
 * `--max-llm-rounds` is validated the same on every kind that takes it.
 */

/** Zod message for a field left out: "required"; otherwise the schema's own message. */
const requiredOr = (otherwise: string) => (iss: { input?: unknown }) => (iss.input === undefined ? 'required' : otherwise);

/** An http(s) URL. */
export const httpUrl = z.url({ protocol: /^https?$/, error: requiredOr('expected an http(s) URL') });

/** A non-blank string. */
export const requiredText = z.string({ error: requiredOr('expected text') }).trim().min(1, 'required');

/** Model rounds per item. */
export const maxRoundsSchema = z.int('expected an integer').min(1, 'at least 1');
/** Longest silence allowed from the model server, in seconds. */
export const requestTimeoutSchema = z.number('expected a number').positive('must be above 0');
