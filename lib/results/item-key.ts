const KEY = /^q[A-Za-z0-9._-]+_s\d+$/;

/** True for an item key `q<question_id>_s<sample>` that is safe as a file name. */
export function isValidItemKey(key: string): boolean {
  return KEY.test(key) && !key.includes('..');
}
