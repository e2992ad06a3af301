/**
 * YAML timestamps as PyYAML's safe_load builds them: a bare `2020-12-13` is a `datetime.date`, a date with
 * a time is a `datetime.datetime`. Their Python `str()`/`repr()` are what answer keys embed.
 */
import type { PyObject } from '../py';

const p2 = (n: number): string => String(n).padStart(2, '0');
const p4 = (n: number): string => String(n).padStart(4, '0');

/** Python `datetime.date`. */
export class PyDate implements PyObject {
  readonly pyTypeName: string = 'datetime.date';
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
  pyStr(): string {
    return `${p4(this.year)}-${p2(this.month)}-${p2(this.day)}`;
  }
  pyRepr(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
}

/** Python `datetime.datetime`; `offsetMinutes` null means naive. */
export class PyDateTime extends PyDate {
  override readonly pyTypeName = 'datetime.datetime';
  constructor(
    year: number,
    month: number,
    day: number,
    readonly time: { hour: number; minute: number; second: number; micro: number },
    readonly offsetMinutes: number | null,
  ) {
    super(year, month, day);
  }
  override pyStr(): string {
    const t = this.time;
    let s = `${super.pyStr()} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`;
    if (t.micro) s += `.${String(t.micro).padStart(6, '0')}`;
    if (this.offsetMinutes !== null) {
      const m = Math.abs(this.offsetMinutes);
      s += `${this.offsetMinutes < 0 ? '-' : '+'}${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
    }
    return s;
  }
  override pyRepr(): string {
    const t = this.time;
    const parts = [this.year, this.month, this.day, t.hour, t.minute, t.second, t.micro];
    if (parts[6] === 0) parts.pop();
    if (parts.length === 6 && parts[5] === 0) parts.pop();
    let tz = '';
    if (this.offsetMinutes === 0) tz = ', tzinfo=datetime.timezone.utc';
    else if (this.offsetMinutes !== null) tz = `, tzinfo=datetime.timezone(${timedeltaRepr(this.offsetMinutes * 60)})`;
    return `datetime.datetime(${parts.join(', ')}${tz})`;
  }
}

function timedeltaRepr(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  const parts = [days ? `days=${days}` : '', rest ? `seconds=${rest}` : ''].filter(Boolean);
  return `datetime.timedelta(${parts.join(', ') || '0'})`;
}

/** PyYAML's implicit timestamp pattern. */
export const YAML_TIMESTAMP_RE =
  /^(?:\d{4}-\d\d-\d\d|\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)$/;

const PARTS_RE =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?$/;

/** Builds the date/datetime for a timestamp scalar; throws Python's `ValueError` texts on bad fields. */
export function constructTimestamp(text: string): PyDate {
  const m = PARTS_RE.exec(text);
  if (!m) throw new Error(`invalid timestamp: ${text}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) throw new Error('month must be in 1..12');
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > dim) throw new Error('day is out of range for month');
  if (m[4] === undefined) return new PyDate(year, month, day);
  const time = {
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    micro: Number((m[7] ?? '').slice(0, 6).padEnd(6, '0')),
  };
  if (time.hour > 23) throw new Error('hour must be in 0..23');
  if (time.minute > 59) throw new Error('minute must be in 0..59');
  if (time.second > 59) throw new Error('second must be in 0..59');
  let offset: number | null = null;
  if (m[9]) offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  else if (m[8] === 'Z') offset = 0;
  return new PyDateTime(year, month, day, time, offset);
}
