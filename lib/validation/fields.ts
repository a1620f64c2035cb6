import { z } from 'zod';
import type { Checked } from '../mail/checked';
import { normalizeDomainName } from '../mail/domain-name';

/** A pure rule of lib/mail as a zod field: its value when accepted, its sentences as the field's errors. */
export const fromRule = <T>(rule: (typed: string) => Checked<T>) =>
  z.string().transform((typed, ctx) => {
    const checked = rule(typed);
    if (checked.ok) return checked.value;
    for (const message of checked.problems) ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

// Field schemas shared by every form, action and import. Messages are written for the person typing.

// A display name: one line, printable. Control characters are refused so nothing typed here can
// break a line anywhere it is shown or logged.
export const displayName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter a ${what}.`)
    .max(100, `A ${what} may be at most 100 characters long.`)
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/u.test(s), `A ${what} may not contain control characters.`);

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address may be at most 254 characters long.')
  .pipe(z.email('Enter a valid email address, such as name@example.com.'));

export const newPassword = z
  .string()
  .min(12, 'Use at least 12 characters for the password.')
  .max(256, 'A password may be at most 256 characters long.');

export const domainName = fromRule(normalizeDomainName);

export const id = z.uuid('Choose an item from the list.');

/** A limit as typed in a number field: a whole number from 0 to max. */
export const limit = (what: string, max = 10_000_000) =>
  z.coerce
    .number({ message: `Enter a number for ${what}.` })
    .int(`Enter a whole number for ${what}.`)
    .min(0, `${capitalize(what)} cannot be negative.`)
    .max(max, `${capitalize(what)} may be at most ${max.toLocaleString('en')}.`);

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The version of a row an edit form was drawn from (its updatedAt, as the page gave it): the save is
 * refused if the row changed since (lib/data/edit-version.ts). Absent: the caller takes the row as it is.
 */
export const editVersion = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.iso.datetime({ message: 'This form is out of date: reload the page.' }).optional(),
);

/** Checkbox values arrive as "on" or not at all. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === 'yes' || v === true, z.boolean());
