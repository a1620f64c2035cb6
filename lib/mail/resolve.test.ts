import { describe, expect, it } from 'vitest';
import { traceAddress, traceLocalName, traceWith } from './resolve';
import { D, DOMAIN_CASES } from '@/tests/support/domain-cases';
import { buildSnapshot } from './snapshot-builder';
import type { Flavor } from './snapshot';
import { outcomeSignature } from './trace-summary';

// The table of DOMAIN.md cases (tests/support/domain-cases.ts), for both flavours, and the details of a trace.

const cases = DOMAIN_CASES;

describe('traceAddress: DOMAIN.md rows 1-9', () => {
  const flavors: Flavor[] = ['sendmail', 'postfix'];
  for (const flavor of flavors) {
    it.each(cases)(`${flavor}: row $row ($address)`, (c) => {
      const snapshot = buildSnapshot({ ...c.spec, flavor });
      const trace = traceAddress(snapshot, c.address);
      const expected = flavor === 'sendmail' ? c.sendmail : (c.postfix ?? c.sendmail);
      expect(outcomeSignature(trace)).toBe(expected);
      expect(trace.flavor).toBe(flavor);
      if (c.step && flavor === 'sendmail') expect(trace.steps.map((s) => s.kind)).toContain(c.step);
      const differs = (c.postfix ?? c.sendmail) !== c.sendmail;
      expect(trace.differences.length > 0).toBe(differs);
    });
  }
});

describe('traceAddress details', () => {
  it('names the key that matched and the key order tried', () => {
    const s = buildSnapshot({ domains: D, accounts: ['bob'], virtmaps: { '@subhost1.com': 'bob' } });
    const trace = traceAddress(s, 'joe+x@subhost1.com');
    const step = trace.steps.find((x) => x.kind === 'virtmap');
    expect(step).toMatchObject({ key: '@subhost1.com', target: 'bob', result: 'bob' });
    const miss = traceAddress(s, 'joe+x@example.com').steps.find((x) => x.kind === 'noVirtmap');
    expect(miss).toMatchObject({
      tried: [
        'joe+x@example.com',
        'joe++@example.com',
        'joe+*@example.com',
        'joe@example.com',
        '++@example.com',
        '+*@example.com',
        '@example.com',
      ],
    });
  });

  it.each<[Flavor, string, string, string]>([
    ['sendmail', 'error:nouser Gone, sorry', 'Gone,sorry', '553 5.3.0'],
    ['sendmail', 'error:5.1.1:550 No such user here', 'No such user here', '550 5.1.1'],
    ['postfix', 'error:4.2.1:450 Try again later', 'Recipient address rejected: Try again later', '450 4.2.1'],
    ['postfix', 'error:nouser Gone, sorry', 'Recipient address rejected: Gone, sorry', '553 5.3.0'],
  ])('%s answers %j with %j', (flavor, target, text, code) => {
    const s = buildSnapshot({ flavor, domains: D, virtmaps: { 'old@example.com': target } });
    const trace = traceAddress(s, 'old@example.com');
    expect(trace.rcpt).toEqual({ accepted: false, reply: { code: Number(code.slice(0, 3)), status: code.slice(4), text } });
    expect(trace.deliveries).toEqual([]);
  });

  it('gives the unknown-user replies of each flavour', () => {
    const s = buildSnapshot({ domains: D });
    expect(traceWith(s, 'x@example.com', 'sendmail').rcpt).toEqual({
      accepted: false,
      reply: { code: 550, status: '5.1.1', text: 'User unknown' },
    });
    expect(traceWith(s, 'x@example.com', 'postfix').rcpt).toEqual({
      accepted: false,
      reply: { code: 550, status: '5.1.1', text: 'Recipient address rejected: User unknown in local recipient table' },
    });
  });

  it('marks relaying and what a client that may not relay gets', () => {
    const s = buildSnapshot({ domains: D });
    expect(traceWith(s, 'a@elsewhere.example', 'sendmail').rcpt).toEqual({
      accepted: true,
      relay: true,
      relayDenied: { code: 550, status: '5.7.1', text: 'Relaying denied' },
    });
    expect(traceWith(s, 'a@elsewhere.example', 'postfix').rcpt).toMatchObject({ relay: true, relayDenied: { code: 550 } });
  });

  it('keeps the case of %1 and of external local parts', () => {
    const s = buildSnapshot({ domains: D, virtmaps: { '@example.com': '%1@elsewhere.example' } });
    expect(traceAddress(s, 'Joe.Smith@Example.com').deliveries).toEqual([{ kind: 'external', address: 'Joe.Smith@elsewhere.example' }]);
  });

  it('converts an IDN domain and strips angle brackets', () => {
    const s = buildSnapshot({ domains: ['xn--bcher-kva.de'], accounts: ['joe'] });
    const trace = traceAddress(s, ' <joe@Bücher.de> ');
    expect(trace.address).toBe('joe@Bücher.de');
    expect(trace.deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
  });

  it('says where the other flavour differs', () => {
    const s = buildSnapshot({
      domains: D,
      aliases: { info: ['a@example.com'] },
      virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' },
    });
    expect(traceAddress(s, 'info@example.com').differences).toEqual([
      expect.stringMatching(/^On Postfix: Accepted, then kept in the queue for a@example.com/),
    ]);
    expect(traceAddress({ ...s, host: { ...s.host, flavor: 'postfix' } }, 'info@example.com').differences).toEqual([
      expect.stringMatching(/^On sendmail: Accepted, then bounced/),
    ]);
  });

  it('traces a bare local name as an alias target would', () => {
    const s = buildSnapshot({ domains: D, accounts: ['joe'], aliases: { team: ['joe', 'x@elsewhere.example'] } });
    expect(outcomeSignature(traceLocalName(s, 'team'))).toBe('accepted: account joe; external x@elsewhere.example');
    expect(outcomeSignature(traceLocalName(s, 'ghost'))).toBe('accepted: bounce unknownUser ghost');
  });

  it('gives every step a sentence and a depth', () => {
    const s = buildSnapshot({
      domains: D,
      accounts: ['joe', 'jane'],
      aliases: { team: ['sales'], sales: ['joe', '\\jane'] },
      virtmaps: { 'all@example.com': 'team' },
    });
    const trace = traceAddress(s, 'all@example.com');
    expect(trace.steps.map((x) => [x.kind, x.depth])).toEqual([
      ['virtmap', 0],
      ['alias', 0],
      ['alias', 1],
      ['account', 2],
      ['accountDirect', 2],
      ['account', 2],
    ]);
    for (const step of trace.steps) expect(step.text).toMatch(/\S/);
  });
});
