/** Template functions: evaluation of `{{fn:args}}` calls in answer keys against generated files. */
export { callTemplateFunction, evaluateTemplates, evaluateTemplatesDetailed, findTemplateCalls } from './evaluate';
export type { EvaluateOptions, EvaluationResult, TemplateCall } from './evaluate';
export { createTemplateCache } from './file-cache';
export { isTemplateFunction, templateFunctions } from './registry';
export { resolveTargetFile } from './target-file';
export { TemplateError } from './types';
export type { TemplateCache, TemplateContext, TemplateFunction, TemplateFunctionSpec } from './types';
