import { describe, expect, it } from 'vitest';
import { actionWords, describeAuditEvent } from './audit-words';

describe('describeAuditEvent', () => {
  it('names what was created, by its address, with its domain in Unicode', () => {
    const words = describeAuditEvent({
      action: 'account.create',
      targetType: 'account',
      details: { name: 'joe', host: 'mx1', quotaMb: 1024, address: 'joe@xn--bcher-kva.example', routeChanges: 1 },
    });
    expect(words.did).toBe('created account');
    expect(words.object).toBe('joe@bücher.example');
    expect(words.fields).toEqual([
      { field: 'mail host', to: 'mx1' },
      { field: 'quota', to: '1,024 MiB' },
      { field: 'addresses that changed where they go', to: '1' },
    ]);
  });

  it('shows an edit as before → after, against the event before it, leaving out what did not change', () => {
    const words = describeAuditEvent({
      action: 'account.update',
      targetType: 'account',
      details: { name: 'joe', quotaMb: 2048, enabled: true, passwordChanged: true },
      previous: { name: 'joe', quotaMb: 1024, enabled: true, passwordChanged: true },
    });
    expect(words.did).toBe('changed account');
    expect(words.object).toBe('joe');
    expect(words.fields).toEqual([
      { field: 'quota', from: '1,024 MiB', to: '2,048 MiB' },
      { field: 'password', to: 'changed' },
    ]);
  });

  it('prefers the changes an edit recorded itself', () => {
    const words = describeAuditEvent({
      action: 'customer.update',
      targetType: 'customer',
      details: { name: 'Acme', changes: { maxDomains: { from: 1, to: 5 }, mayAddDomains: { from: false, to: true } } },
    });
    expect(words.fields).toEqual([
      { field: 'domain limit', from: '1', to: '5' },
      { field: 'may add its own domains', from: 'no', to: 'yes' },
    ]);
  });

  it.each([
    ['domain.disable', 'domain', { name: 'xn--bcher-kva.example' }, 'disabled domain', 'bücher.example'],
    ['virtmap.delete', 'virtmap', { key: 'sales@example.com' }, 'deleted address', 'sales@example.com'],
    ['reseller.suspend', 'reseller', { name: 'Bravo' }, 'suspended reseller', 'Bravo'],
    ['auth.login', 'user', {}, 'signed in', null],
    ['user.passwordReset', 'user', { login: 'c@x.test' }, 'did “password reset” on login', 'c@x.test'],
    ['thing.made', 'widget', 'not an object', 'did “made” on widget', null],
  ])('reads %s as words', (action, targetType, details, did, object) => {
    const words = describeAuditEvent({ action, targetType, details });
    expect(words.did).toBe(did);
    expect(words.object).toBe(object);
    expect(words.fields.map((f) => f.to).join(' ')).not.toContain('{');
  });

  it('keeps a mailbox change’s own sentence, and hides ids and settings', () => {
    const words = describeAuditEvent({
      action: 'mailbox.password',
      targetType: 'account',
      details: { mailbox: 'joe@example.com', summary: 'mailbox joe@example.com changed the password of mailbox joe@example.com' },
    });
    expect(words.summary).toMatch(/changed the password/);
    const host = describeAuditEvent({
      action: 'mailHost.create',
      targetType: 'mailHost',
      details: { name: 'mx', mailHostIds: ['1'], settings: { a: 1 }, flavor: 'SENDMAIL' },
    });
    expect(host.fields).toEqual([{ field: 'flavor', to: 'SENDMAIL' }]);
  });
});

describe('actionWords', () => {
  it.each([
    ['account.create', 'created account'],
    ['virtmap.update', 'changed address'],
    ['auth.logout', 'signed out'],
    ['auth.session_end_others', 'ended all their other sessions'],
    ['user.password_reset', 'reset the password of login'],
    ['user.password_change', 'changed their own password'],
    ['customer.passwordReset', 'password reset customer'],
  ])('%s → %s', (action, words) => {
    expect(actionWords(action)).toBe(words);
  });

  it.each([
    [
      'an edit that recorded its before and after',
      {
        action: 'alias.update',
        targetType: 'alias',
        details: { name: 'sales', targets: ['bob'], before: { targets: ['joe', 'ann'] }, after: { targets: ['bob'] }, routeChanges: 1 },
      },
      'changed alias',
      [
        { field: 'targets', from: 'joe, ann', to: 'bob' },
        { field: 'addresses that changed where they go', to: '1' },
      ],
    ],
    [
      'a deletion shows what was deleted',
      {
        action: 'virtmap.delete',
        targetType: 'virtmap',
        details: { key: 'a@x.example', domainId: 'd', localPart: 'a', before: { target: 'joe' } },
      },
      'deleted address',
      [{ field: 'target', to: 'joe' }],
    ],
    [
      'an undo says what it undid',
      {
        action: 'alias.update',
        targetType: 'alias',
        details: { name: 'sales', undoOf: '12', before: { targets: ['bob'] }, after: { targets: ['joe'] } },
      },
      'undid a change of alias',
      [{ field: 'targets', from: 'bob', to: 'joe' }],
    ],
    [
      'an undone deletion',
      {
        action: 'alias.create',
        targetType: 'alias',
        details: { name: 'sales', undoOf: '12', targets: ['joe'], after: { targets: ['joe'] } },
      },
      'undid the deletion of alias',
      [{ field: 'targets', to: 'joe' }],
    ],
    [
      'an account edit that recorded what it changed leaves out what it kept',
      {
        action: 'account.update',
        targetType: 'account',
        details: {
          name: 'joe',
          quotaMb: 250,
          enabled: true,
          passwordChanged: false,
          login: 'joe@x.example',
          before: { quotaMb: 100 },
          after: { quotaMb: 250 },
        },
      },
      'changed account',
      [
        { field: 'quota', from: '100 MiB', to: '250 MiB' },
        { field: 'login', to: 'joe@x.example' },
      ],
    ],
    [
      'a domain disabled, and made strict',
      {
        action: 'domain.disable',
        targetType: 'domain',
        details: { name: 'x.example', before: { enabled: true, strict: false }, after: { enabled: false, strict: true } },
      },
      'disabled domain',
      [
        { field: 'status', from: 'enabled', to: 'disabled' },
        { field: 'which names answer', from: 'also its customer’s names (open)', to: 'only its own addresses (strict)' },
      ],
    ],
    [
      'a limit edit of a customer (before/after of the changed fields only)',
      { action: 'customer.update', targetType: 'customer', details: { before: { maxDomains: 10 }, after: { maxDomains: 5 } } },
      'changed customer',
      [{ field: 'domain limit', from: '10', to: '5' }],
    ],
  ])('%s', (_name, event, did, fields) => {
    const words = describeAuditEvent(event);
    expect(words.did).toBe(did);
    expect(words.fields).toEqual(fields);
  });
});
