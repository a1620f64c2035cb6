import type { Delivery, Step, Trace } from './trace-types';

// Rewriting the names in a trace, in its structured fields and its sentences: how a trace is told in a
// customer's own words (lib/mail/own-words.ts). Addresses (`name@domain`) are left to the caller's `text`.

/**
 * `trace` with every name in its structured fields passed through `name`, and every sentence through
 * `text`: how a trace is told in a customer's own words (lib/mail/own-words.ts).
 */
export function mapTraceNames(trace: Trace, name: (n: string) => string, text: (s: string) => string): Trace {
  const steps = trace.steps.map((step) => mapStep(step, name, text));
  const deliveries = trace.deliveries.map((d): Delivery => {
    if (d.kind === 'account' || d.kind === 'host') return { ...d, name: name(d.name) };
    if (d.kind === 'bounce') return { ...d, address: name(d.address), message: text(d.message) };
    return d;
  });
  return { ...trace, steps, deliveries, differences: trace.differences.map(text) };
}

function mapStep(step: Step, name: (n: string) => string, text: (s: string) => string): Step {
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
