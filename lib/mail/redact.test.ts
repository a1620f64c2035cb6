import { describe, expect, it } from 'vitest';
import { redactTrace } from './redact';
import { traceAddress } from './resolve';
import { buildSnapshot } from './snapshot-builder';

describe('redactTrace', () => {
  const s = buildSnapshot({
    domains: ['example.com'],
    accounts: ['joe', 'jane', 'bob'],
    aliases: { sales: ['joe', '\\jane', 'joe.x@elsewhere.example'], team: ['sales', 'bob'] },
    virtmaps: { 'info@example.com': 'team' },
  });
  const hidden = (n: string) => n === 'joe' || n === 'sales';

  it('hides hidden names everywhere but in addresses', () => {
    const trace = redactTrace(traceAddress(s, 'info@example.com'), hidden, '(another customer)');
    const json = JSON.stringify(trace);
    expect(json).not.toMatch(/(?<![A-Za-z.])joe(?![.@])/);
    expect(json).not.toMatch(/sales/);
    expect(json).toContain('joe.x@elsewhere.example');
    expect(json).toContain('jane');
    expect(trace.deliveries).toContainEqual({ kind: 'account', name: '(another customer)' });
    const alias = trace.steps.find((x) => x.kind === 'alias' && x.depth === 1);
    expect(alias).toMatchObject({ name: '(another customer)', targets: ['(another customer)', '\\jane', 'joe.x@elsewhere.example'] });
  });

  it('returns the trace unchanged when nothing is hidden', () => {
    const trace = traceAddress(s, 'info@example.com');
    expect(redactTrace(trace, () => false, 'x')).toBe(trace);
  });
});
