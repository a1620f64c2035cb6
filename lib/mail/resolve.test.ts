import { describe, expect, it } from 'vitest';
import { traceAddress, traceLocalName, traceWith } from './resolve';
import { buildSnapshot, type SnapshotSpec } from './snapshot-builder';
import type { Flavor } from './snapshot';
import { outcomeSignature } from './trace-summary';
import type { StepKind } from './trace-types';

// One table for DOMAIN.md rows 1-9 and the +detail order, for both flavours. Each case: a snapshot in the
// map files' words, an address, and the outcome for sendmail and for Postfix ("same" when equal):
// "refused CODE STATUS" or "accepted: " + the sorted deliveries.

const D = ['example.com', 'subhost1.com', 'subhost2.com'];

interface Case {
  row: string;
  spec: SnapshotSpec;
  address: string;
  sendmail: string;
  postfix?: string;
  /** A step kind the sendmail trace must contain. */
  step?: StepKind;
}

const cases: Case[] = [
  // Row 1: virtmaps, then aliases, then accounts; an alias wins over an account of the same name.
  { row: '1 virtmap to alias sharing an account name', spec: { domains: D, accounts: ['joe', 'jane', 'sales'], aliases: { sales: ['joe', 'jane'] }, virtmaps: { 'sales@example.com': 'sales' } }, address: 'sales@example.com', sendmail: 'accepted: account jane; account joe', step: 'virtmap' },
  { row: '1 alias wins without a virtmap', spec: { domains: D, accounts: ['joe', 'sales'], aliases: { sales: ['joe'] } }, address: 'sales@example.com', sendmail: 'accepted: account joe', step: 'alias' },
  { row: '1 plain account', spec: { domains: D, accounts: ['joe'] }, address: 'joe@example.com', sendmail: 'accepted: account joe', step: 'account' },
  { row: '1 alias of an alias', spec: { domains: D, accounts: ['joe', 'jane'], aliases: { team: ['sales', 'x@elsewhere.example'], sales: ['joe', 'jane'] } }, address: 'team@subhost2.com', sendmail: 'accepted: account jane; account joe; external x@elsewhere.example' },
  { row: '1 virtmap result goes through aliases again', spec: { domains: D, accounts: ['jane'], aliases: { info: ['jane'] }, virtmaps: { 'contact@example.com': 'info' } }, address: 'contact@example.com', sendmail: 'accepted: account jane' },
  // Row 2: a catch-all takes every local part without its own virtmap, accounts included.
  { row: '2 catch-all takes an account name', spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob' } }, address: 'joe@subhost1.com', sendmail: 'accepted: account bob' },
  { row: '2 catch-all takes an alias name', spec: { domains: D, accounts: ['joe', 'bob'], aliases: { sales: ['joe'] }, virtmaps: { '@subhost1.com': 'bob' } }, address: 'sales@subhost1.com', sendmail: 'accepted: account bob' },
  { row: '2 own virtmap protects an account', spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob', 'joe@subhost1.com': 'joe' } }, address: 'joe@subhost1.com', sendmail: 'accepted: account joe' },
  { row: '2 catch-all on one domain only', spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob' } }, address: 'joe@example.com', sendmail: 'accepted: account joe' },
  { row: '2 unknown without a catch-all', spec: { domains: D, accounts: ['joe'] }, address: 'nosuch@example.com', sendmail: 'refused 550 5.1.1', step: 'unknownUser' },
  // Row 3: the same local part on different subhosts.
  { row: '3 webmaster on subhost1', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe', 'webmaster@subhost2.com': 'jane' } }, address: 'webmaster@subhost1.com', sendmail: 'accepted: account joe' },
  { row: '3 webmaster on subhost2', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe', 'webmaster@subhost2.com': 'jane' } }, address: 'webmaster@subhost2.com', sendmail: 'accepted: account jane' },
  { row: '3 webmaster elsewhere is unknown', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe' } }, address: 'webmaster@example.com', sendmail: 'refused 550 5.1.1' },
  // Row 4: case.
  { row: '4 account in upper case', spec: { domains: D, accounts: ['joe'] }, address: 'JOE@EXAMPLE.COM', sendmail: 'accepted: account joe' },
  { row: '4 virtmap key in mixed case', spec: { domains: D, accounts: ['jane'], virtmaps: { 'webmaster@subhost1.com': 'jane' } }, address: 'WebMaster@SubHost1.Com', sendmail: 'accepted: account jane' },
  { row: '4 alias in upper case', spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane'] } }, address: 'SALES@example.com', sendmail: 'accepted: account jane' },
  // Row 5: +detail.
  { row: '5 detail kept without a virtmap', spec: { domains: D, accounts: ['joe'] }, address: 'joe+tag@example.com', sendmail: 'accepted: account joe+tag' },
  { row: '5 detail lower-cased for local delivery', spec: { domains: D, accounts: ['joe'] }, address: 'Joe+Tag@example.com', sendmail: 'accepted: account joe+tag' },
  { row: '5 detail dropped on user@d', spec: { domains: D, accounts: ['joe', 'dave'], virtmaps: { 'joe@example.com': 'dave' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account dave' },
  { row: '5 detail dropped on an identity virtmap', spec: { domains: D, accounts: ['joe'], virtmaps: { 'joe@example.com': 'joe' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account joe', step: 'detail' },
  { row: '5 detail dropped for an external target', spec: { domains: D, virtmaps: { 'joe@example.com': 'x@elsewhere.example' } }, address: 'joe+tag@example.com', sendmail: 'accepted: external x@elsewhere.example' },
  { row: '5 exact user+detail key first', spec: { domains: D, accounts: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], virtmaps: { 'joe+tag@example.com': 'a', 'joe++@example.com': 'b', 'joe+*@example.com': 'c', 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account a' },
  { row: '5 then user++', spec: { domains: D, accounts: ['b', 'c', 'd', 'e', 'f', 'g'], virtmaps: { 'joe++@example.com': 'b', 'joe+*@example.com': 'c', 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account b' },
  { row: '5 then user+*', spec: { domains: D, accounts: ['c', 'd', 'e', 'f', 'g'], virtmaps: { 'joe+*@example.com': 'c', 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account c' },
  { row: '5 then user', spec: { domains: D, accounts: ['d', 'e', 'f', 'g'], virtmaps: { 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account d' },
  { row: '5 then ++', spec: { domains: D, accounts: ['e', 'f', 'g'], virtmaps: { '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account e' },
  { row: '5 then +*', spec: { domains: D, accounts: ['f', 'g'], virtmaps: { '+*@example.com': 'f', '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account f' },
  { row: '5 then @d', spec: { domains: D, accounts: ['g'], virtmaps: { '@example.com': 'g' } }, address: 'joe+tag@example.com', sendmail: 'accepted: account g' },
  { row: '5 empty detail skips user++', spec: { domains: D, accounts: ['b', 'c'], virtmaps: { 'joe++@example.com': 'b', 'joe+*@example.com': 'c' } }, address: 'joe+@example.com', sendmail: 'accepted: account c' },
  { row: '5 empty detail skips ++', spec: { domains: D, accounts: ['e', 'f'], virtmaps: { '++@example.com': 'e', '+*@example.com': 'f' } }, address: 'joe+@example.com', sendmail: 'accepted: account f' },
  { row: '5 no detail: the + keys are not tried', spec: { domains: D, accounts: ['joe', 'c'], virtmaps: { 'joe+*@example.com': 'c' } }, address: 'joe@example.com', sendmail: 'accepted: account joe' },
  { row: '5 alias with a detail drops it', spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane'] } }, address: 'sales+tag@example.com', sendmail: 'accepted: account jane' },
  { row: '5 unknown with a detail', spec: { domains: D, accounts: ['jane'] }, address: 'nosuch+tag@example.com', sendmail: 'refused 550 5.1.1' },
  { row: '5 exact key with a detail', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'joe+news@example.com': 'jane' } }, address: 'joe+news@example.com', sendmail: 'accepted: account jane' },
  { row: '5 exact key with a detail, other detail', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'joe+news@example.com': 'jane' } }, address: 'joe+other@example.com', sendmail: 'accepted: account joe+other' },
  // Row 6: %1 keeps the local part's case and drops the detail.
  { row: '6 %1@other in a catch-all', spec: { domains: D, virtmaps: { '@subhost1.com': '%1@elsewhere.example' } }, address: 'Joe.Smith+tag@subhost1.com', sendmail: 'accepted: external joe.smith@elsewhere.example', step: 'virtmap' },
  { row: '6 %1@local domain goes through its virtmaps', spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { '@subhost1.com': '%1@example.com', 'joe@example.com': 'jane' } }, address: 'joe@subhost1.com', sendmail: 'accepted: account jane' },
  { row: '6 %1 as a local name', spec: { domains: D, accounts: ['joe'], virtmaps: { '@subhost1.com': '%1' } }, address: 'JOE+x@subhost1.com', sendmail: 'accepted: account joe' },
  { row: '6 %1 to an unknown name', spec: { domains: D, accounts: ['joe'], virtmaps: { '@subhost1.com': '%1' } }, address: 'nosuch@subhost1.com', sendmail: 'refused 550 5.1.1' },
  { row: '6 %1 on an exact key keeps the key local part', spec: { domains: D, virtmaps: { 'joe@example.com': '%1@elsewhere.example' } }, address: 'JOE@example.com', sendmail: 'accepted: external joe@elsewhere.example' },
  // Row 7: alias chains, self-reference, loops, local-domain targets.
  { row: '7 self-reference', spec: { domains: D, accounts: ['joe', 'jane'], aliases: { joe: ['joe', 'jane'] } }, address: 'joe@example.com', sendmail: 'accepted: account jane; account joe', step: 'selfReference' },
  { row: '7 \\name', spec: { domains: D, accounts: ['joe', 'jane'], aliases: { joe: ['\\joe', 'jane'] } }, address: 'joe@example.com', sendmail: 'accepted: account jane; account joe', step: 'accountDirect' },
  { row: '7 loop bounces', spec: { domains: D, accounts: ['joe'], aliases: { a: ['b'], b: ['a'] } }, address: 'a@example.com', sendmail: 'accepted: bounce aliasLoop a', step: 'aliasLoop' },
  { row: '7 alias to a missing name bounces', spec: { domains: D, accounts: ['joe'], aliases: { a: ['joe', 'ghost'] } }, address: 'a@example.com', sendmail: 'accepted: account joe; bounce unknownUser ghost' },
  { row: '7 alias to a local-domain address', spec: { domains: D, accounts: ['jane'], aliases: { info: ['webmaster@subhost1.com'] }, virtmaps: { 'webmaster@subhost1.com': 'jane' } }, address: 'info@example.com', sendmail: 'accepted: account jane', step: 'localDomain' },
  { row: '7 alias to a local-domain address of an account', spec: { domains: D, accounts: ['jane'], aliases: { info: ['jane@subhost1.com'] } }, address: 'info@example.com', sendmail: 'accepted: account jane' },
  { row: '7 alias to a local-domain address under a catch-all', spec: { domains: D, accounts: ['jane', 'bob'], aliases: { info: ['jane@subhost1.com'] }, virtmaps: { '@subhost1.com': 'bob' } }, address: 'info@example.com', sendmail: 'accepted: account bob' },
  { row: '7 diamond delivers once', spec: { domains: D, accounts: ['joe'], aliases: { all: ['a', 'b'], a: ['joe'], b: ['joe'] } }, address: 'all@example.com', sendmail: 'accepted: account joe' },
  // Row 8: rejections at RCPT time; in an alias chain they bounce later.
  { row: '8 error:nouser', spec: { domains: D, virtmaps: { 'old@example.com': 'error:nouser Gone' } }, address: 'old@example.com', sendmail: 'refused 553 5.3.0', step: 'reject' },
  { row: '8 error:5.1.1:550', spec: { domains: D, virtmaps: { 'old@example.com': 'error:5.1.1:550 Gone' } }, address: 'old@example.com', sendmail: 'refused 550 5.1.1' },
  { row: '8 error:4.2.1:450', spec: { domains: D, virtmaps: { 'old@example.com': 'error:4.2.1:450 Later' } }, address: 'old@example.com', sendmail: 'refused 450 4.2.1' },
  { row: '8 catch-all rejection', spec: { domains: D, accounts: ['joe'], virtmaps: { '@example.com': 'error:nouser No such user here', 'joe@example.com': 'joe' } }, address: 'nosuch@example.com', sendmail: 'refused 553 5.3.0' },
  { row: '8 rejection with a detail', spec: { domains: D, virtmaps: { 'old@example.com': 'error:nouser Gone' } }, address: 'old+x@example.com', sendmail: 'refused 553 5.3.0' },
  { row: '8 rejection reached through an alias bounces', spec: { domains: D, aliases: { info: ['old@example.com'] }, virtmaps: { 'old@example.com': 'error:nouser Gone' } }, address: 'info@example.com', sendmail: 'accepted: bounce rejected old@example.com' },
  { row: '8 rejection reached through a virtmap chain', spec: { domains: D, virtmaps: { 'a@example.com': 'old@subhost1.com', 'old@subhost1.com': 'error:nouser Gone' } }, address: 'a@example.com', sendmail: 'refused 553 5.3.0' },
  { row: '8 virtmap to an unknown name', spec: { domains: D, virtmaps: { 'a@example.com': 'ghost' } }, address: 'a@example.com', sendmail: 'refused 550 5.1.1' },
  { row: '8 temporary rejection reached through an alias waits', spec: { domains: D, accounts: ['joe'], aliases: { info: ['joe', 'old@example.com'] }, virtmaps: { 'old@example.com': 'error:4.2.1:450 Later' } }, address: 'info@example.com', sendmail: 'accepted: account joe; deferred old@example.com' },
  // Row 9: virtmap loops.
  { row: '9 virtmap loop', spec: { domains: D, virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' } }, address: 'a@example.com', sendmail: 'refused 554 5.0.0', step: 'virtmapLoop' },
  { row: '9 catch-all redirect loop', spec: { domains: D, virtmaps: { '@example.com': '%1@subhost1.com', '@subhost1.com': '%1@example.com' } }, address: 'x@example.com', sendmail: 'refused 554 5.0.0' },
  { row: '9 virtmap loop reached through an alias', spec: { domains: D, aliases: { info: ['a@example.com'] }, virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' } }, address: 'info@example.com', sendmail: 'accepted: bounce virtmapLoop a@example.com', postfix: 'accepted: deferred a@example.com' },
  // Domains the host does not hold: relayed; virtmaps for them never apply.
  { row: 'relay', spec: { domains: D }, address: 'someone@elsewhere.example', sendmail: 'accepted: external someone@elsewhere.example', step: 'relay' },
  { row: 'relay ignores virtmaps of a foreign domain', spec: { domains: D, accounts: ['joe'], virtmaps: { 'x@elsewhere.example': 'joe' } }, address: 'x@elsewhere.example', sendmail: 'accepted: external x@elsewhere.example' },
  { row: 'virtmap to a foreign address', spec: { domains: D, virtmaps: { 'sales@example.com': 'Boss@elsewhere.example' } }, address: 'sales@example.com', sendmail: 'accepted: external boss@elsewhere.example' },
  { row: 'reserved name is the host\'s', spec: { domains: D }, address: 'postmaster@example.com', sendmail: 'accepted: host postmaster', step: 'host' },
  { row: 'not an address', spec: { domains: D }, address: 'joe', sendmail: 'refused 553 5.1.3', postfix: 'refused 501 5.1.3', step: 'invalid' },
  { row: 'source route refused', spec: { domains: D }, address: 'a%b@example.com', sendmail: 'refused 553 5.1.3', postfix: 'refused 501 5.1.3' },
];

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
    expect(miss).toMatchObject({ tried: ['joe+x@example.com', 'joe++@example.com', 'joe+*@example.com', 'joe@example.com', '++@example.com', '+*@example.com', '@example.com'] });
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
    expect(traceWith(s, 'x@example.com', 'sendmail').rcpt).toEqual({ accepted: false, reply: { code: 550, status: '5.1.1', text: 'User unknown' } });
    expect(traceWith(s, 'x@example.com', 'postfix').rcpt).toEqual({ accepted: false, reply: { code: 550, status: '5.1.1', text: 'Recipient address rejected: User unknown in local recipient table' } });
  });

  it('marks relaying and what a client that may not relay gets', () => {
    const s = buildSnapshot({ domains: D });
    expect(traceWith(s, 'a@elsewhere.example', 'sendmail').rcpt).toEqual({ accepted: true, relay: true, relayDenied: { code: 550, status: '5.7.1', text: 'Relaying denied' } });
    expect(traceWith(s, 'a@elsewhere.example', 'postfix').rcpt).toMatchObject({ relay: true, relayDenied: { code: 554 } });
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
    const s = buildSnapshot({ domains: D, aliases: { info: ['a@example.com'] }, virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' } });
    expect(traceAddress(s, 'info@example.com').differences).toEqual([expect.stringMatching(/^On Postfix: Accepted, then kept in the queue for a@example.com/)]);
    expect(traceAddress({ ...s, host: { ...s.host, flavor: 'postfix' } }, 'info@example.com').differences).toEqual([expect.stringMatching(/^On sendmail: Accepted, then bounced/)]);
  });

  it('traces a bare local name as an alias target would', () => {
    const s = buildSnapshot({ domains: D, accounts: ['joe'], aliases: { team: ['joe', 'x@elsewhere.example'] } });
    expect(outcomeSignature(traceLocalName(s, 'team'))).toBe('accepted: account joe; external x@elsewhere.example');
    expect(outcomeSignature(traceLocalName(s, 'ghost'))).toBe('accepted: bounce unknownUser ghost');
  });

  it('gives every step a sentence and a depth', () => {
    const s = buildSnapshot({ domains: D, accounts: ['joe', 'jane'], aliases: { team: ['sales'], sales: ['joe', '\\jane'] }, virtmaps: { 'all@example.com': 'team' } });
    const trace = traceAddress(s, 'all@example.com');
    expect(trace.steps.map((x) => [x.kind, x.depth])).toEqual([
      ['virtmap', 0], ['alias', 0], ['alias', 1], ['account', 2], ['accountDirect', 2], ['account', 2],
    ]);
    for (const step of trace.steps) expect(step.text).toMatch(/\S/);
  });
});
