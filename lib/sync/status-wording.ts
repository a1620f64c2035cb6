// What a person is told about publishing, in their own words (issue 11). Operators run the mail host: they
// get the facts and, on the host pages, the tool's own text. Customers and resellers only need to know
// that their change is kept and whether it is in effect; a tool's text can quote other tenants' data and
// means nothing to them, so they never see it, and they are told the operator knows.
// Every sentence must be true in its state: "waiting" is a publish under way or about to start (nothing is
// wrong), "failing" is a host whose last publish failed and is being retried.

export type Audience = 'operator' | 'tenant';
export type BadgeState = 'live' | 'waiting' | 'failing' | 'off';

export const TENANT_NOT_TAKEN = 'Your change is saved; the mail host has not taken it yet; the operator has been told.';
const TENANT_HOST_NOT_TAKEN = 'Your changes are saved; the mail host has not taken them yet; the operator has been told.';

const BADGE: Record<Audience, Record<BadgeState, string>> = {
  operator: {
    live: 'Live on the mail host',
    waiting: 'Waiting for sync: being published',
    failing: 'Waiting for sync: the last publish failed, retrying (see the mail host)',
    off: 'Mail host disabled: not published',
  },
  tenant: {
    live: 'Live on the mail host',
    waiting: 'Saved: being published to the mail host',
    failing: TENANT_NOT_TAKEN,
    off: 'Saved: the mail host is paused by the operator, so it is not published yet',
  },
};

export function audienceOf(actorKind: string): Audience {
  return actorKind === 'admin' || actorKind === 'support' ? 'operator' : 'tenant';
}

/** The sync badge beside a domain, account or alias. */
export function syncBadgeText(state: BadgeState, audience: Audience): string {
  return BADGE[audience][state];
}

/** A host's state in the hosts list, as a short label and (when something is wrong) a sentence. */
export function hostStateText(
  host: { enabled: boolean; failing: boolean; waiting: boolean; published: boolean },
  audience: Audience,
): { label: string; tone: 'slate' | 'red' | 'amber' | 'emerald'; detail: string | null } {
  if (!host.enabled) return { label: 'Disabled', tone: 'slate', detail: null };
  if (host.failing)
    return audience === 'operator'
      ? { label: 'Failing', tone: 'red', detail: null }
      : { label: 'Not taken yet', tone: 'amber', detail: TENANT_HOST_NOT_TAKEN };
  if (host.waiting) return { label: audience === 'operator' ? 'Changes waiting' : 'Being published', tone: 'amber', detail: null };
  if (host.published) return { label: 'Live', tone: 'emerald', detail: null };
  return { label: 'Never published', tone: 'slate', detail: null };
}
