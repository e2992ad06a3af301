/** Types of lib/build/lib-layers-rule.mjs (plain JavaScript so eslint.config.mjs can import it). */
import type { Rule } from 'eslint';

/** ESLint rule `picard/lib-layers`: lib folders import only folders below them in lib/build/layers.mjs. */
export const libLayersRule: Rule.RuleModule;
