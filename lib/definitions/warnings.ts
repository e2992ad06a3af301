import { isRecord } from '../util/is-record';
import { DefCode, type DefinitionWarning } from './errors';
import { knownKeys } from './schema';
import { formatPath, locate, type YamlPath, type YamlSource } from './yaml-source';


/** Levenshtein distance, for "did you mean" hints on misspelt keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function suggestion(key: string, known: readonly string[]): string {
  const near = known.find((k) => distance(key.toLowerCase(), k) <= 2);
  return near ? ` (did you mean '${near}'?)` : '';
}

/**
 * Keys the reference silently ignores (spec §2.2: `clutter`, `original_file`, …) become warnings, so a typo such
 * as `expected_respone` does not go unnoticed. Generator-specific maps (`content`, `config`, `clutter`) are not
 * checked here. A legacy `sandbox_setup` (already an error) is skipped.
 */
export function unknownKeyWarnings(data: unknown, src: YamlSource, file: string): DefinitionWarning[] {
  const out: DefinitionWarning[] = [];
  const check = (obj: Record<string, unknown>, known: readonly string[], path: YamlPath, where: string): void => {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const keyPath = [...path, key];
      out.push({
        file,
        path: formatPath(keyPath),
        ...locate(src, keyPath, 'key'),
        message: `Unknown ${where} key '${key}' is ignored${suggestion(key, known)}`,
        code: DefCode.UNKNOWN_KEY,
      });
    }
  };
  if (!isRecord(data)) return out;
  check(data, knownKeys.root, [], 'top-level');
  if (!Array.isArray(data.tests)) return out;
  data.tests.forEach((test, i) => {
    if (!isRecord(test)) return;
    check(test, knownKeys.test, ['tests', i], 'test');
    const sandbox = test.sandbox_setup;
    if (!isRecord(sandbox) || !Array.isArray(sandbox.components)) return;
    check(sandbox, knownKeys.sandbox, ['tests', i, 'sandbox_setup'], 'sandbox_setup');
    sandbox.components.forEach((c, j) => {
      if (isRecord(c)) check(c, knownKeys.component, ['tests', i, 'sandbox_setup', 'components', j], 'component');
    });
  });
  return out;
}
