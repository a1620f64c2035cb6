// How full a limit is, for the dashboards' bars: the share used and a level that colours the bar (near
// the limit at 80 %, full at 100 %). Pure, so the thresholds are a table of cases.

export type UsageLevel = 'ok' | 'near' | 'full';

export interface Usage {
  label: string;
  used: number;
  limit: number;
  /** 0–100, rounded down (a bar never shows full before it is). */
  percent: number;
  level: UsageLevel;
  /** "3 of 10" (or "1,024 of 2,048 MiB"). */
  text: string;
}

export function usage(label: string, used: number, limit: number, unit = ''): Usage {
  const percent = limit <= 0 ? (used > 0 ? 100 : 0) : Math.min(100, Math.floor((used / limit) * 100));
  const level: UsageLevel = limit <= 0 ? (used > 0 ? 'full' : 'ok') : used >= limit ? 'full' : used / limit >= 0.8 ? 'near' : 'ok';
  const n = (v: number) => v.toLocaleString('en');
  return { label, used, limit, percent, level, text: `${n(used)} of ${n(limit)}${unit ? ` ${unit}` : ''}` };
}
