// The forms of tests/hostile-write-path.test.ts typed on what the create forms saved (tests/support/hostile-mail.ts):
// a mailbox's forward and autoreply, an account's login address and new password (both reach the
// passwd-file), and an alias's targets.
import { db } from '@/lib/db/client';
import { updateAccount } from '@/lib/data/accounts';
import { updateAliasTargets } from '@/lib/data/aliases';
import { AccountUpdateInput } from '@/lib/validation/accounts';
import { AliasTargetsInput } from '@/lib/validation/mail-objects';
import type { FormStep } from '@/lib/web/form-action';
import type { AliasTarget } from '@/lib/mail/snapshot';
import { AutoreplyForm, ForwardForm } from '@/lib/validation/postoffice';
import { autoreplySteps, forwardSteps } from '@/lib/web/mailbox-steps';
import type { Field, Filling, Type, Typed, World } from './hostile-mail';
import { gluedHostile, splicedHostile } from './hostile-strings';

/** The step each edit action hands to runFormAction, with the id it binds on the server. */
const accountStep = (id: string): FormStep<AccountUpdateInput, unknown> => ({
  schema: AccountUpdateInput,
  confirmKey: (input) => ({ id, ...input }),
  run: (actor, input, review) => updateAccount(actor, id, input, review),
  done: () => ({}),
});
const aliasStep = (id: string): FormStep<AliasTargetsInput, unknown> => ({
  schema: AliasTargetsInput,
  confirmKey: (input) => ({ id, ...input }),
  run: (actor, input, review) => updateAliasTargets(actor, id, input.targets, review),
  done: () => ({}),
});
type AliasTargetsInput = ReturnType<typeof AliasTargetsInput.parse>;

export async function typeEdits(world: World, typed: Typed, type: Type, fields: { password: Field; target: Field }, next: () => number) {
  const rows = await db().account.findMany({
    where: { customerId: world.customer.id },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  for (const [i, { id, name }] of rows.slice(0, 60).entries()) {
    // Half try a hostile login address, spliced into the account's own address (the one valid login: it
    // delivers to the account); half a hostile new password.
    const own = `${name}@${world.domain.name}`;
    const login = i % 2 === 0;
    if (login) typed.tally.hostile += 1;
    const values = {
      quotaMb: '10',
      enabled: 'on',
      loginAddress: login ? (next() < 0.8 ? splicedHostile(next, [own]) : gluedHostile(next)) : own,
      password: login ? '' : fields.password.hostile(),
    };
    if (!(await type('account edit', world.customer.actor, accountStep(id), values))) continue;
    const input = AccountUpdateInput.parse(values);
    if (input.loginAddress) typed.logins.set(name, input.loginAddress);
    if (input.password) typed.passwords.set(name, input.password);
  }
  for (const [name] of [...typed.aliases].slice(0, 150)) {
    const alias = await db().alias.findFirst({ where: { name, customerId: world.customer.id }, select: { id: true } });
    if (!alias) continue;
    const values = { targets: [fields.target.hostile(), fields.target.clean()].join(next() < 0.5 ? '\n' : ', ') };
    if (await type('alias edit', world.customer.actor, aliasStep(alias.id), values))
      typed.aliases.set(name, AliasTargetsInput.parse(values).targets);
  }
}

/** The account page's forward and autoreply forms (the postoffice's same steps), on the saved accounts. */
export async function typeMailboxForms(
  world: World,
  typed: Typed,
  type: Type,
  fill: Record<'forward' | 'autoreply', Filling>,
  next: () => number,
) {
  const names = [...typed.accounts.keys()];
  for (let i = 0; i < 450 && names.length > 0; i++) {
    const name = names[i % names.length] ?? '';
    const { id } = await db().account.findFirstOrThrow({ where: { name, customerId: world.customer.id }, select: { id: true } });
    const page = `/accounts/${id}`;
    if (i % 3 === 0) {
      const fields = { addresses: fill.forward().join(next() < 0.5 ? '\n' : ', '), keepCopy: next() < 0.5 ? 'on' : '' };
      if (!(await type('forward', world.customer.actor, forwardSteps(() => id, page).save, fields))) continue;
      const input = ForwardForm.parse(fields);
      const copy: AliasTarget[] = input.keepCopy ? [{ kind: 'account', name }] : [];
      typed.aliases.set(name, [...copy, ...input.addresses.map((address) => ({ kind: 'external' as const, address }))]);
    } else {
      const [subject = '', ...lines] = fill.autoreply();
      const fields = { subject, text: lines.join(next() < 0.5 ? '\r\n' : '\n'), days: '' };
      if (!(await type('autoreply', world.customer.actor, autoreplySteps(() => id, page).save, fields))) continue;
      const saved = AutoreplyForm.parse(fields);
      typed.autoreplies.set(name, { subject: saved.subject, text: saved.text, days: saved.days });
    }
  }
}
