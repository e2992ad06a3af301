import { pyStamp } from '../util/clock';

/** The reference's `sanitize_label` (spec §7.2): lower-case, `[ -.]`→`_`, drop the rest, collapse, cut to 50. */
export function sanitizeLabel(label: string | null | undefined): string {
  if (!label || label.trim() === '') return 'test';
  let s = label.toLowerCase().replace(/[ .-]/g, '_');
  s = s.replace(/[^a-z0-9_]/g, '');
  s = s.replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (s.length > 50) s = s.slice(0, 50).replace(/_+$/, '');
  return s === '' ? 'test' : s;
}

/** `<sanitized label>_<YYYYmmdd_HHMMSS>`: the run id and result folder name. */
export function runFolderName(label: string | undefined, at: Date): string {
  return `${sanitizeLabel(label)}_${pyStamp(at)}`;
}
