import type { SnapshotSpec } from '@/lib/mail/snapshot-builder';
import type { StepKind } from '@/lib/mail/trace-types';

// DOMAIN.md rows 1-9, the +detail order and the flavour differences as one table of cases: a snapshot in
// the map files' words, an address, and the outcome (`outcomeSignature`) on sendmail and on the panel's
// Postfix ("postfix" only where it differs). It is the only copy: lib/mail/resolve.test.ts checks the
// resolver against it, and tests/mta/sendmail.test.ts replays every case on real sendmail. The wildcard
// keys `user+*`, `user++`, `++` and `+*` are sendmail's alone: on Postfix they match nothing
// (tests/mta/postfix.test.ts shows it on real Postfix).

export const D = ['example.com', 'subhost1.com', 'subhost2.com'];

export interface DomainCase {
  row: string;
  spec: SnapshotSpec;
  address: string;
  sendmail: string;
  postfix?: string;
  /** A step kind the sendmail trace must contain. */
  step?: StepKind;
  /**
   * Why real sendmail is not asked about this case (tests/mta/sendmail.test.ts replays every other one):
   * the tracer refuses input it does not model, where sendmail answers in its own way.
   */
  tracerOnly?: string;
}

export const DOMAIN_CASES: DomainCase[] = [
  // Row 1: virtmaps, then aliases, then accounts; an alias wins over an account of the same name.
  {
    row: '1 virtmap to alias sharing an account name',
    spec: {
      domains: D,
      accounts: ['joe', 'jane', 'sales'],
      aliases: { sales: ['joe', 'jane'] },
      virtmaps: { 'sales@example.com': 'sales' },
    },
    address: 'sales@example.com',
    sendmail: 'accepted: account jane; account joe',
    step: 'virtmap',
  },
  {
    row: '1 alias wins without a virtmap',
    spec: { domains: D, accounts: ['joe', 'sales'], aliases: { sales: ['joe'] } },
    address: 'sales@example.com',
    sendmail: 'accepted: account joe',
    step: 'alias',
  },
  {
    row: '1 plain account',
    spec: { domains: D, accounts: ['joe'] },
    address: 'joe@example.com',
    sendmail: 'accepted: account joe',
    step: 'account',
  },
  {
    row: '1 alias of an alias',
    spec: { domains: D, accounts: ['joe', 'jane'], aliases: { team: ['sales', 'x@elsewhere.example'], sales: ['joe', 'jane'] } },
    address: 'team@subhost2.com',
    sendmail: 'accepted: account jane; account joe; external x@elsewhere.example',
  },
  {
    row: '1 virtmap result goes through aliases again',
    spec: { domains: D, accounts: ['jane'], aliases: { info: ['jane'] }, virtmaps: { 'contact@example.com': 'info' } },
    address: 'contact@example.com',
    sendmail: 'accepted: account jane',
  },
  // Row 2: a catch-all takes every local part without its own virtmap, accounts included.
  {
    row: '2 catch-all takes an account name',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob' } },
    address: 'joe@subhost1.com',
    sendmail: 'accepted: account bob',
  },
  {
    row: '2 catch-all takes an alias name',
    spec: { domains: D, accounts: ['joe', 'bob'], aliases: { sales: ['joe'] }, virtmaps: { '@subhost1.com': 'bob' } },
    address: 'sales@subhost1.com',
    sendmail: 'accepted: account bob',
  },
  {
    row: '2 own virtmap protects an account',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob', 'joe@subhost1.com': 'joe' } },
    address: 'joe@subhost1.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: '2 catch-all on one domain only',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { '@subhost1.com': 'bob' } },
    address: 'joe@example.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: '2 unknown without a catch-all',
    spec: { domains: D, accounts: ['joe'] },
    address: 'nosuch@example.com',
    sendmail: 'refused 550 5.1.1',
    step: 'unknownUser',
  },
  // Row 3: the same local part on different subhosts.
  {
    row: '3 webmaster on subhost1',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe', 'webmaster@subhost2.com': 'jane' } },
    address: 'webmaster@subhost1.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: '3 webmaster on subhost2',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe', 'webmaster@subhost2.com': 'jane' } },
    address: 'webmaster@subhost2.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '3 webmaster elsewhere is unknown',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'webmaster@subhost1.com': 'joe' } },
    address: 'webmaster@example.com',
    sendmail: 'refused 550 5.1.1',
  },
  // Row 4: case.
  {
    row: '4 account in upper case',
    spec: { domains: D, accounts: ['joe'] },
    address: 'JOE@EXAMPLE.COM',
    sendmail: 'accepted: account joe',
  },
  {
    row: '4 virtmap key in mixed case',
    spec: { domains: D, accounts: ['jane'], virtmaps: { 'webmaster@subhost1.com': 'jane' } },
    address: 'WebMaster@SubHost1.Com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '4 alias in upper case',
    spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane'] } },
    address: 'SALES@example.com',
    sendmail: 'accepted: account jane',
  },
  // Row 5: +detail.
  {
    row: '5 detail kept without a virtmap',
    spec: { domains: D, accounts: ['joe'] },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account joe+tag',
  },
  {
    row: '5 detail lower-cased for local delivery',
    spec: { domains: D, accounts: ['joe'] },
    address: 'Joe+Tag@example.com',
    sendmail: 'accepted: account joe+tag',
  },
  {
    row: '5 detail dropped on user@d',
    spec: { domains: D, accounts: ['joe', 'dave'], virtmaps: { 'joe@example.com': 'dave' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account dave',
  },
  {
    row: '5 detail dropped on an identity virtmap',
    spec: { domains: D, accounts: ['joe'], virtmaps: { 'joe@example.com': 'joe' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account joe',
    step: 'detail',
  },
  {
    row: '5 detail dropped for an external target',
    spec: { domains: D, virtmaps: { 'joe@example.com': 'x@elsewhere.example' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: external x@elsewhere.example',
  },
  {
    row: '5 exact user+detail key first',
    spec: {
      domains: D,
      accounts: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      virtmaps: {
        'joe+tag@example.com': 'a',
        'joe++@example.com': 'b',
        'joe+*@example.com': 'c',
        'joe@example.com': 'd',
        '++@example.com': 'e',
        '+*@example.com': 'f',
        '@example.com': 'g',
      },
    },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account a',
  },
  {
    row: '5 then user++',
    spec: {
      domains: D,
      accounts: ['b', 'c', 'd', 'e', 'f', 'g'],
      virtmaps: {
        'joe++@example.com': 'b',
        'joe+*@example.com': 'c',
        'joe@example.com': 'd',
        '++@example.com': 'e',
        '+*@example.com': 'f',
        '@example.com': 'g',
      },
    },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account b',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'accepted: account d',
  },
  {
    row: '5 then user+*',
    spec: {
      domains: D,
      accounts: ['c', 'd', 'e', 'f', 'g'],
      virtmaps: { 'joe+*@example.com': 'c', 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' },
    },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account c',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'accepted: account d',
  },
  {
    row: '5 then user',
    spec: {
      domains: D,
      accounts: ['d', 'e', 'f', 'g'],
      virtmaps: { 'joe@example.com': 'd', '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' },
    },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account d',
  },
  {
    row: '5 then ++',
    spec: { domains: D, accounts: ['e', 'f', 'g'], virtmaps: { '++@example.com': 'e', '+*@example.com': 'f', '@example.com': 'g' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account e',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'accepted: account g',
  },
  {
    row: '5 then +*',
    spec: { domains: D, accounts: ['f', 'g'], virtmaps: { '+*@example.com': 'f', '@example.com': 'g' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account f',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'accepted: account g',
  },
  {
    row: '5 then @d',
    spec: { domains: D, accounts: ['g'], virtmaps: { '@example.com': 'g' } },
    address: 'joe+tag@example.com',
    sendmail: 'accepted: account g',
  },
  {
    row: '5 empty detail skips user++',
    spec: { domains: D, accounts: ['b', 'c'], virtmaps: { 'joe++@example.com': 'b', 'joe+*@example.com': 'c' } },
    address: 'joe+@example.com',
    sendmail: 'accepted: account c',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'refused 550 5.1.1',
  },
  {
    row: '5 empty detail skips ++',
    spec: { domains: D, accounts: ['e', 'f'], virtmaps: { '++@example.com': 'e', '+*@example.com': 'f' } },
    address: 'joe+@example.com',
    sendmail: 'accepted: account f',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'refused 550 5.1.1',
  },
  {
    row: '5 no detail: the + keys are not tried',
    spec: { domains: D, accounts: ['joe', 'c'], virtmaps: { 'joe+*@example.com': 'c' } },
    address: 'joe@example.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: '5 alias with a detail drops it',
    spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane'] } },
    address: 'sales+tag@example.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '5 unknown with a detail',
    spec: { domains: D, accounts: ['jane'] },
    address: 'nosuch+tag@example.com',
    sendmail: 'refused 550 5.1.1',
  },
  {
    row: '5 exact key with a detail',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'joe+news@example.com': 'jane' } },
    address: 'joe+news@example.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '5 exact key with a detail, other detail',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'joe+news@example.com': 'jane' } },
    address: 'joe+other@example.com',
    sendmail: 'accepted: account joe+other',
  },
  // Row 5 with %3 (proto.m4: `$@ +$2`): the "+detail" a key matched without, after the target's local part;
  // empty for an exact match and for an address without a detail. And a local name with its own +detail.
  {
    row: '5 %3 passes the detail on',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { 'joe@example.com': 'bob%3' } },
    address: 'joe+news@example.com',
    sendmail: 'accepted: account bob+news',
    step: 'detail',
  },
  {
    row: '5 %3 without a detail adds nothing',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { 'joe@example.com': 'bob%3' } },
    address: 'joe@example.com',
    sendmail: 'accepted: account bob',
  },
  {
    row: '5 %3 with an empty detail',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { 'joe@example.com': 'bob%3' } },
    address: 'joe+@example.com',
    sendmail: 'accepted: account bob',
  },
  {
    row: '5 %3 on a wildcard key',
    spec: { domains: D, accounts: ['joe', 'bob'], virtmaps: { 'joe+*@example.com': 'bob%3' } },
    address: 'joe+news@example.com',
    sendmail: 'accepted: account bob+news',
    // Postfix has no wildcard keys: its files leave them out (lib/mail/flavor-rules.ts).
    postfix: 'accepted: account joe+news',
  },
  {
    row: '5 %1 of an exact wildcard key',
    spec: { domains: D, accounts: ['joe'], virtmaps: { 'joe+*@example.com': '%1' } },
    // Asked as the key itself: %1 is "joe+*", which ruleset 5 reads as joe with the detail held in $h (none).
    address: 'joe+*@example.com',
    sendmail: 'accepted: account joe',
    // Postfix has no wildcard keys: its files leave them out, and joe+* falls to joe with the detail "*".
    postfix: 'accepted: account joe+*',
  },
  {
    row: '5 %1%3 as a local name',
    spec: { domains: D, accounts: ['joe'], virtmaps: { '@subhost1.com': '%1%3' } },
    address: 'joe+news@subhost1.com',
    sendmail: 'accepted: account joe+news',
  },
  {
    row: '5 %1%3@other keeps case and detail',
    spec: { domains: D, virtmaps: { '@subhost1.com': '%1%3@elsewhere.example' } },
    address: 'Joe.Smith+Tag@subhost1.com',
    sendmail: 'accepted: external joe.smith+tag@elsewhere.example',
  },
  {
    row: '5 %1%3@local domain reaches its exact key',
    spec: {
      domains: D,
      accounts: ['joe', 'jane'],
      virtmaps: { '@subhost1.com': '%1%3@example.com', 'joe+news@example.com': 'jane' },
    },
    address: 'joe+news@subhost1.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '5 address%3',
    spec: { domains: D, accounts: ['joe'], virtmaps: { 'joe@example.com': 'ext%3@elsewhere.example' } },
    address: 'joe+a@example.com',
    sendmail: 'accepted: external ext+a@elsewhere.example',
  },
  {
    row: '5 a name with its own +detail',
    spec: { domains: D, accounts: ['joe'], virtmaps: { 'news@example.com': 'joe+news' } },
    address: 'news@example.com',
    sendmail: 'accepted: account joe+news',
  },
  {
    row: '5 a name with its own +detail reaches an alias without it',
    spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane'] }, virtmaps: { 'news@example.com': 'sales+news' } },
    address: 'news@example.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '5 an alias target with its own +detail',
    spec: { domains: D, accounts: ['jane'], aliases: { sales: ['jane+sales'] } },
    address: 'sales@example.com',
    sendmail: 'accepted: account jane+sales',
  },
  {
    row: '5 an alias target with a +detail reaches an alias without it',
    spec: { domains: D, accounts: ['jane'], aliases: { team: ['sales+x'], sales: ['jane'] } },
    address: 'team@example.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '5 an alias naming itself with a +detail',
    spec: { domains: D, accounts: ['joe', 'jane'], aliases: { joe: ['joe+copy', 'jane'] } },
    address: 'joe@example.com',
    // sendmail drops the copy as a duplicate of the alias it is expanding; Postfix delivers it (measured).
    sendmail: 'accepted: account jane',
    postfix: 'accepted: account jane; account joe+copy',
  },
  {
    row: '5 aliases naming each other with a +detail',
    spec: { domains: D, accounts: ['ann', 'jane'], aliases: { a: ['b+x', 'ann'], b: ['a+y', 'jane'] } },
    address: 'a@example.com',
    // sendmail drops the copy to the alias it is expanding (a duplicate); Postfix bounces the loop (measured).
    sendmail: 'accepted: account ann; account jane',
    postfix: 'accepted: account ann; account jane; bounce aliasLoop a',
  },
  // Row 6: %1 keeps the local part's case and drops the detail.
  {
    row: '6 %1@other in a catch-all',
    spec: { domains: D, virtmaps: { '@subhost1.com': '%1@elsewhere.example' } },
    address: 'Joe.Smith+tag@subhost1.com',
    sendmail: 'accepted: external joe.smith@elsewhere.example',
    step: 'virtmap',
  },
  {
    row: '6 %1@local domain goes through its virtmaps',
    spec: { domains: D, accounts: ['joe', 'jane'], virtmaps: { '@subhost1.com': '%1@example.com', 'joe@example.com': 'jane' } },
    address: 'joe@subhost1.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '6 %1 as a local name',
    spec: { domains: D, accounts: ['joe'], virtmaps: { '@subhost1.com': '%1' } },
    address: 'JOE+x@subhost1.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: '6 %1 to an unknown name',
    spec: { domains: D, accounts: ['joe'], virtmaps: { '@subhost1.com': '%1' } },
    address: 'nosuch@subhost1.com',
    sendmail: 'refused 550 5.1.1',
  },
  {
    row: '6 %1 on an exact key keeps the key local part',
    spec: { domains: D, virtmaps: { 'joe@example.com': '%1@elsewhere.example' } },
    address: 'JOE@example.com',
    sendmail: 'accepted: external joe@elsewhere.example',
  },
  // Row 7: alias chains, self-reference, loops, local-domain targets.
  {
    row: '7 self-reference',
    spec: { domains: D, accounts: ['joe', 'jane'], aliases: { joe: ['joe', 'jane'] } },
    address: 'joe@example.com',
    sendmail: 'accepted: account jane; account joe',
    step: 'selfReference',
  },
  {
    row: '7 \\name',
    spec: { domains: D, accounts: ['joe', 'jane'], aliases: { joe: ['\\joe', 'jane'] } },
    address: 'joe@example.com',
    sendmail: 'accepted: account jane; account joe',
    step: 'accountDirect',
  },
  {
    row: '7 loop bounces',
    spec: { domains: D, accounts: ['joe'], aliases: { a: ['b'], b: ['a'] } },
    address: 'a@example.com',
    sendmail: 'accepted: bounce aliasLoop a',
    step: 'aliasLoop',
  },
  {
    row: '7 alias to a missing name bounces',
    spec: { domains: D, accounts: ['joe'], aliases: { a: ['joe', 'ghost'] } },
    address: 'a@example.com',
    sendmail: 'accepted: account joe; bounce unknownUser ghost',
  },
  {
    row: '7 alias to a local-domain address',
    spec: { domains: D, accounts: ['jane'], aliases: { info: ['webmaster@subhost1.com'] }, virtmaps: { 'webmaster@subhost1.com': 'jane' } },
    address: 'info@example.com',
    sendmail: 'accepted: account jane',
    step: 'localDomain',
  },
  {
    row: '7 alias to a local-domain address of an account',
    spec: { domains: D, accounts: ['jane'], aliases: { info: ['jane@subhost1.com'] } },
    address: 'info@example.com',
    sendmail: 'accepted: account jane',
  },
  {
    row: '7 alias to a local-domain address under a catch-all',
    spec: { domains: D, accounts: ['jane', 'bob'], aliases: { info: ['jane@subhost1.com'] }, virtmaps: { '@subhost1.com': 'bob' } },
    address: 'info@example.com',
    sendmail: 'accepted: account bob',
  },
  {
    row: '7 diamond delivers once',
    spec: { domains: D, accounts: ['joe'], aliases: { all: ['a', 'b'], a: ['joe'], b: ['joe'] } },
    address: 'all@example.com',
    sendmail: 'accepted: account joe',
  },
  // Row 8: rejections at RCPT time; in an alias chain they bounce later.
  {
    row: '8 error:nouser',
    spec: { domains: D, virtmaps: { 'old@example.com': 'error:nouser Gone' } },
    address: 'old@example.com',
    sendmail: 'refused 553 5.3.0',
    step: 'reject',
  },
  {
    row: '8 error:5.1.1:550',
    spec: { domains: D, virtmaps: { 'old@example.com': 'error:5.1.1:550 Gone' } },
    address: 'old@example.com',
    sendmail: 'refused 550 5.1.1',
  },
  {
    row: '8 error:4.2.1:450',
    spec: { domains: D, virtmaps: { 'old@example.com': 'error:4.2.1:450 Later' } },
    address: 'old@example.com',
    sendmail: 'refused 450 4.2.1',
  },
  {
    row: '8 catch-all rejection',
    spec: { domains: D, accounts: ['joe'], virtmaps: { '@example.com': 'error:nouser No such user here', 'joe@example.com': 'joe' } },
    address: 'nosuch@example.com',
    sendmail: 'refused 553 5.3.0',
  },
  {
    row: '8 rejection with a detail',
    spec: { domains: D, virtmaps: { 'old@example.com': 'error:nouser Gone' } },
    address: 'old+x@example.com',
    sendmail: 'refused 553 5.3.0',
  },
  {
    row: '8 rejection reached through an alias bounces',
    spec: { domains: D, aliases: { info: ['old@example.com'] }, virtmaps: { 'old@example.com': 'error:nouser Gone' } },
    address: 'info@example.com',
    sendmail: 'accepted: bounce rejected old@example.com',
  },
  {
    row: '8 rejection reached through a virtmap chain',
    spec: { domains: D, virtmaps: { 'a@example.com': 'old@subhost1.com', 'old@subhost1.com': 'error:nouser Gone' } },
    address: 'a@example.com',
    sendmail: 'refused 553 5.3.0',
  },
  {
    row: '8 virtmap to an unknown name',
    spec: { domains: D, virtmaps: { 'a@example.com': 'ghost' } },
    address: 'a@example.com',
    sendmail: 'refused 550 5.1.1',
  },
  {
    row: '8 temporary rejection reached through an alias waits',
    spec: {
      domains: D,
      accounts: ['joe'],
      aliases: { info: ['joe', 'old@example.com'] },
      virtmaps: { 'old@example.com': 'error:4.2.1:450 Later' },
    },
    address: 'info@example.com',
    sendmail: 'accepted: account joe; deferred old@example.com',
  },
  // Row 9: virtmap loops.
  {
    row: '9 virtmap loop',
    spec: { domains: D, virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' } },
    address: 'a@example.com',
    sendmail: 'refused 554 5.0.0',
    step: 'virtmapLoop',
  },
  {
    row: '9 catch-all redirect loop',
    spec: { domains: D, virtmaps: { '@example.com': '%1@subhost1.com', '@subhost1.com': '%1@example.com' } },
    address: 'x@example.com',
    sendmail: 'refused 554 5.0.0',
  },
  {
    row: '9 virtmap loop reached through an alias',
    spec: {
      domains: D,
      aliases: { info: ['a@example.com'] },
      virtmaps: { 'a@example.com': 'b@example.com', 'b@example.com': 'a@example.com' },
    },
    address: 'info@example.com',
    sendmail: 'accepted: bounce virtmapLoop a@example.com',
    postfix: 'accepted: deferred a@example.com',
  },
  // Domains the host does not hold: relayed; virtmaps for them never apply.
  {
    row: 'relay',
    spec: { domains: D },
    address: 'someone@elsewhere.example',
    sendmail: 'accepted: external someone@elsewhere.example',
    step: 'relay',
  },
  {
    row: 'relay ignores virtmaps of a foreign domain',
    spec: { domains: D, accounts: ['joe'], virtmaps: { 'x@elsewhere.example': 'joe' } },
    address: 'x@elsewhere.example',
    sendmail: 'accepted: external x@elsewhere.example',
  },
  {
    row: 'virtmap to a foreign address',
    spec: { domains: D, virtmaps: { 'sales@example.com': 'Boss@elsewhere.example' } },
    address: 'sales@example.com',
    sendmail: 'accepted: external boss@elsewhere.example',
  },
  {
    row: "reserved name is the host's",
    spec: { domains: D },
    address: 'postmaster@example.com',
    sendmail: 'accepted: host postmaster',
    step: 'host',
  },
  {
    row: 'a bare local name',
    spec: { domains: D, accounts: ['joe'], virtmaps: { '@example.com': 'error:nouser Gone' } },
    address: 'joe',
    sendmail: 'accepted: account joe',
  },
  {
    row: "the host's own name is local",
    spec: { domains: D, accounts: ['joe'] },
    address: 'joe+x@mail.example.test',
    sendmail: 'accepted: account joe+x',
  },
  { row: 'localhost is local', spec: { domains: D, accounts: ['joe'] }, address: 'JOE@localhost', sendmail: 'accepted: account joe' },
  { row: 'a bare unknown name', spec: { domains: D }, address: 'joe', sendmail: 'refused 550 5.1.1' },
  {
    row: 'percent hack relays',
    spec: { domains: D, accounts: ['a'], virtmaps: { '@example.com': 'a' } },
    address: 'a%elsewhere.example@example.com',
    sendmail: 'accepted: external a@elsewhere.example',
    step: 'percentHack',
  },
  {
    row: 'percent hack to a local domain',
    spec: { domains: D, accounts: ['joe'] },
    address: 'joe%subhost1.com@example.com',
    sendmail: 'accepted: account joe',
  },
  {
    row: 'not an address',
    spec: { domains: D },
    address: 'joe smith',
    sendmail: 'refused 553 5.1.3',
    postfix: 'refused 501 5.1.3',
    step: 'invalid',
    tracerOnly: 'what is typed into the trace form; sendmail takes "joe smith" at RCPT as a local user (550 5.1.1)',
  },
  {
    row: '"!" paths are not traced',
    spec: { domains: D },
    address: 'b!a@example.com',
    sendmail: 'refused 553 5.1.3',
    postfix: 'refused 501 5.1.3',
    step: 'invalid',
    tracerOnly: 'the tracer does not follow UUCP "!" paths; sendmail relays them (to b.uucp)',
  },
];
