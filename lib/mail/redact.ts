import type { Delivery, Step, Trace } from './trace-types';

// Rewriting the names in a trace, in its structured fields and its sentences: `mapTraceNames` is how a
// trace is told in a customer's own words (lib/mail/own-words.ts); `redactTrace` replaces chosen names
// with a placeholder. Addresses (`name@domain`) are left alone: they are what the user asked about or
// wrote as a target.

/** `trace` with each name for which `hidden(name)` is true replaced by `placeholder`. */
export function redactTrace(trace: Trace, hidden: (name: string) => boolean, placeholder: string): Trace {
  const names = collectNames(trace).filter(hidden);
  if (names.length === 0) return trace;
  const set = new Set(names);
  const name = (n: string) => (set.has(n) ? placeholder : n);
  const pattern = new RegExp(`(?<![A-Za-z0-9._@+-])\\\\?(?:${names.map(escape).join('|')})(?![A-Za-z0-9._@-])`, 'g');
  return mapTraceNames(trace, name, (s: string) => s.replace(pattern, placeholder));
}

/**
 * `trace` with every name in its structured fields passed through `name`, and every sentence through
 * `text`: how a trace is redacted, and how it is told in a customer's own words (lib/mail/own-words.ts).
 */
export function mapTraceNames(trace: Trace, name: (n: string) => string, text: (s: string) => string): Trace {
  const steps = trace.steps.map((step) => redactStep(step, name, text));
  const deliveries = trace.deliveries.map((d): Delivery => {
    if (d.kind === 'account' || d.kind === 'host') return { ...d, name: name(d.name) };
    if (d.kind === 'bounce') return { ...d, address: name(d.address), message: text(d.message) };
    return d;
  });
  return { ...trace, steps, deliveries, differences: trace.differences.map(text) };
}

function redactStep(step: Step, name: (n: string) => string, text: (s: string) => string): Step {
  const out = { ...step, text: text(step.text) } as Step;
  if ('name' in out) out.name = name(out.name);
  if (out.kind === 'alias') out.targets = out.targets.map((t) => (t.startsWith('\\') ? `\\${name(t.slice(1))}` : name(t)));
  if (out.kind === 'aliasLoop') out.cycle = out.cycle.map(name);
  if (out.kind === 'virtmap') {
    out.target = name(out.target);
    out.result = name(out.result);
  }
  return out;
}

function collectNames(trace: Trace): string[] {
  const names = new Set<string>();
  for (const step of trace.steps) {
    if ('name' in step) names.add(step.name);
    if (step.kind === 'alias') step.targets.forEach((t) => !t.includes('@') && names.add(t.replace(/^\\/, '')));
    if (step.kind === 'aliasLoop') step.cycle.forEach((n) => names.add(n));
    if (step.kind === 'virtmap' && !step.result.includes('@')) names.add(step.result);
  }
  for (const d of trace.deliveries) if (d.kind === 'account' || d.kind === 'host') names.add(d.name);
  return [...names].sort((a, b) => b.length - a.length);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
