// The webmail link of a mail host (shown at /postoffice): set by an admin, audited, never published, and
// refused when it is not a web address; support changes nothing; a reseller reaches no host's settings.
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../lib/data/errors';
import { setWebmailUrl } from '../lib/data/mail-hosts';
import { db } from '../lib/db/client';
import { WebmailUrlInput } from '../lib/validation/mail-host';
import { makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const url = (typed: string) => WebmailUrlInput.parse({ webmailUrl: typed });

describe('setWebmailUrl', () => {
  it('sets and clears the link, audited, without marking the host for a publish', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const before = await db().mailHost.findUniqueOrThrow({ where: { id: host.id }, select: { changeSeq: true } });
    await setWebmailUrl(admin, host.id, url('https://webmail.example.com/'));
    await setWebmailUrl(admin, host.id, url(''));
    const after = await db().mailHost.findUniqueOrThrow({ where: { id: host.id }, select: { changeSeq: true, webmailUrl: true } });
    expect(after).toEqual({ changeSeq: before.changeSeq, webmailUrl: null });
    const audit = await db().auditEvent.findMany({ where: { action: 'mailHost.webmail', targetId: host.id } });
    expect(audit).toHaveLength(2);
    expect(audit.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { name: host.name, webmailUrl: 'https://webmail.example.com/', previous: null },
        { name: host.name, webmailUrl: null, previous: 'https://webmail.example.com/' },
      ]),
    );
  });

  it('refuses a link that is not a web address even when the form was skipped', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    await expect(setWebmailUrl(admin, host.id, { webmailUrl: 'javascript:alert(1)' })).rejects.toThrow();
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).webmailUrl).toBeNull();
  });

  it('is refused to support and to a reseller of the host', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const support = await makeStaff('SUPPORT');
    const reseller = await makeReseller(admin, [host.id]);
    await expect(setWebmailUrl(support, host.id, url('https://webmail.example.com/'))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setWebmailUrl(reseller.actor, host.id, url('https://webmail.example.com/'))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).webmailUrl).toBeNull();
  });
});
