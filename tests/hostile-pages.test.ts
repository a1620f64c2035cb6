// Issue 13, "no script in a page": names and texts typed with markup in them (customer and reseller names,
// mail addresses, autoreply subjects, the messages that quote what was typed) go through the forms and the
// data layer, and the components that show them are rendered to markup as the server does
// (react-dom/server): every one comes out inert (tests/support/markup-check.ts). The browser suite checks
// the same under the CSP; this covers every typed value without a browser.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecentActivity } from '../components/dashboard/recent-activity';
import { ConfirmChanges } from '../components/mail/confirm-changes';
import { ObjectHistory } from '../components/mail/object-history';
import { MailboxStateList } from '../components/mailbox/mailbox-state';
import { ActAsBanner } from '../components/support/act-as-banner';
import { Field } from '../components/ui/field';
import { FormMessage } from '../components/ui/form-message';
import { PageHeader } from '../components/ui/page-header';
import { db } from '../lib/db/client';
import { createCustomer } from '../lib/data/customers';
import { createReseller } from '../lib/data/resellers';
import { CustomerInput, ResellerInput } from '../lib/validation/tenants';
import type { FormStep } from '../lib/web/form-action';
import type { FormState } from '../lib/web/form-state';
import { makeHost, makeStaff, unique } from './support/factories';
import { submit } from './support/hostile-forms';
import { markupHostile } from './support/hostile-strings';
import { escaped, expectInertMarkup } from './support/markup-check';
import { seededRandom } from './support/random-snapshot';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const next = seededRandom(20261206);
const NAMES = ['Acme Hosting', 'Subhost One', "O'Brien & Sons", 'bücher.example GmbH'];
// Markup spliced into names, and some the forms refuse (a line break, a NUL, too long, blank): their
// messages are shown too.
const typedNames = [
  ...Array.from({ length: 60 }, () => markupHostile(next, NAMES)),
  'Evil\n<script>alert(1)</script>',
  '\u0000<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>\r\nx',
  '<b>'.repeat(40),
  '   ',
];
// A form whose action is a function (the banner's "Stop acting") is written by React, outside Next's
// server-action runtime, with a fixed placeholder action and React's own replay script: neither holds
// anything typed, so both are taken out before the check. (In the app the action is a server action's URL.)
const REACT_FORM_PLACEHOLDER = `javascript:throw new Error(&#x27;React form unexpectedly submitted.&#x27;)`;
const render = (element: ReactElement) =>
  renderToStaticMarkup(element)
    .replace(/<script>addEventListener\("submit",[^<]*<\/script>$/, '')
    .replace(REACT_FORM_PLACEHOLDER, '');
const LIMITS = { maxDomains: '10', maxAccounts: '10', maxAliases: '10', maxVirtmaps: '10', maxQuotaMb: '10240' };

let saved: { name: string; refused: FormState | null }[] = [];

beforeAll(async () => {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const resellerStep: FormStep<ResellerInput, unknown> = {
    schema: ResellerInput,
    lists: ['mailHostIds'],
    run: createReseller,
    done: () => ({}),
  };
  const customerStep: FormStep<CustomerInput, unknown> = { schema: CustomerInput, run: createCustomer, done: () => ({}) };
  saved = [];
  for (const [i, name] of typedNames.entries()) {
    const login = { email: `${unique('t')}@hostile.test`, password: 'a good long password' };
    const outcome =
      i % 2 === 0
        ? await submit(admin, resellerStep, { name, ...login, ...LIMITS, mailHostIds: host.id })
        : await submit(admin, customerStep, { name, ...login, ...LIMITS, resellerId: (await firstReseller()) ?? '' });
    saved.push({ name, refused: outcome.saved ? null : outcome.state });
  }
}, 120_000);

async function firstReseller(): Promise<string | undefined> {
  return (await db().reseller.findFirst({ select: { id: true } }))?.id;
}

describe('the markup check', () => {
  it('catches markup that was not escaped (the control)', () => {
    for (const raw of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>', 'a < b']) {
      const html = render(createElement('p', { dangerouslySetInnerHTML: { __html: raw } }));
      expect(() => expectInertMarkup(html, raw), raw).toThrow();
    }
  });
});

describe('markup typed into names and texts', () => {
  it('is saved as typed (trimmed), or refused with a message that is itself inert', async () => {
    expect(saved.filter((s) => s.refused === null).length).toBeGreaterThan(20);
    const stored = new Set([
      ...(await db().reseller.findMany({ select: { name: true } })).map((r) => r.name),
      ...(await db().customer.findMany({ select: { name: true } })).map((c) => c.name),
    ]);
    for (const { name, refused } of saved) expect(stored.has(name.trim()), name).toBe(refused === null);
    expect(saved.filter((s) => s.refused !== null).length).toBe(5);
    for (const { name, refused } of saved) {
      if (!refused) continue;
      const html = render(createElement(FormMessage, { state: refused }));
      expectInertMarkup(html, name);
      for (const [field, errors] of Object.entries(refused.fieldErrors ?? {}))
        expectInertMarkup(render(createElement(Field, { name: field, label: field, errors, defaultValue: name })), name);
    }
  });

  it('renders inert in the activity log and an object history, read back from the audit events', async () => {
    const events = await db().auditEvent.findMany({ orderBy: { id: 'asc' } });
    const rows = events.map((e) => ({ ...e, id: String(e.id), previous: null, undo: { ok: false as const, reason: 'not here' } }));
    const activity = render(createElement(RecentActivity, { events }));
    const history = render(createElement(ObjectHistory, { rows, more: true }));
    for (const { name } of saved.filter((s) => s.refused === null)) {
      expect(activity, name).toContain(escaped(name.trim()));
      expectInertMarkup(history, name);
    }
    expectInertMarkup(activity, 'the activity log');
  });

  it('renders inert as a page title, the act-as banner, a mailbox state and a review to confirm', () => {
    for (const name of typedNames) {
      const typed = [
        createElement(PageHeader, { title: name, subtitle: name }),
        createElement(ActAsBanner, { support: name, target: name, reason: name, until: new Date(0), stop: async () => undefined }),
        createElement(MailboxStateList, {
          usage: { ok: false, reason: name, readAt: new Date(0) },
          mailbox: {
            quotaMb: 10,
            forward: { addresses: [name, `${name}@example.com`], keepCopy: true },
            autoreply: { subject: name, text: name, startsOn: null, endsOn: null, days: 7 },
          },
          className: name,
        }),
        createElement(ConfirmChanges, {
          state: { status: 'confirm', warnings: [name], changes: [{ address: name, before: name, after: name }], confirmToken: name },
        }),
      ];
      for (const element of typed) {
        const html = render(element);
        expect(html, name).toContain(escaped(name));
        expectInertMarkup(html, name);
      }
    }
  });
});
