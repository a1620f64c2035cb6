import { describe, expect, it } from 'vitest';
import { mapTraceNames } from './trace-names';
import { traceAddress } from './resolve';
import { buildSnapshot } from './snapshot-builder';

describe('mapTraceNames', () => {
  const s = buildSnapshot({
    domains: ['example.com'],
    accounts: ['joe', 'jane'],
    aliases: { sales: ['joe', '\\jane', 'joe.x@elsewhere.example'], team: ['sales'] },
    virtmaps: { 'info@example.com': 'team' },
  });

  it('passes every name of the fields through `name` and every sentence through `text`', () => {
    const names: Record<string, string> = { joe: 'J', jane: 'N', sales: 'S', team: 'T' };
    const trace = mapTraceNames(
      traceAddress(s, 'info@example.com'),
      (n) => names[n] ?? n,
      (t) => `«${t}»`,
    );
    expect(trace.deliveries).toEqual([
      { kind: 'account', name: 'J' },
      { kind: 'account', name: 'N' },
      { kind: 'external', address: 'joe.x@elsewhere.example' },
    ]);
    expect(trace.steps.find((x) => x.kind === 'virtmap')).toMatchObject({ target: 'T', result: 'T' });
    expect(trace.steps.find((x) => x.kind === 'alias' && x.depth === 1)).toMatchObject({
      name: 'S',
      targets: ['J', '\\N', 'joe.x@elsewhere.example'],
    });
    expect(trace.steps.every((x) => x.text.startsWith('«') && x.text.endsWith('»'))).toBe(true);
  });
});
