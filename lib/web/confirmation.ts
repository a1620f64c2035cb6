import { createHmac } from 'node:crypto';
import { derivedKey } from '../crypto/derived-key';
import type { Actor } from '../auth/actor';
import type { ShownRouteChange } from '../mail/route-diff';

// A confirmation is good only for exactly what was shown: the same user, the same input, and the same
// warnings and route changes. The form carries back an HMAC of all of these; if anything differs when
// the user confirms (they edited the form, or someone else changed the host meanwhile), the change is
// previewed again instead of saved.

interface ReviewShown {
  warnings: string[];
  changes: ShownRouteChange[];
}

export interface Confirmation {
  /** Passed to the data layer: true when the user confirmed exactly this review. */
  confirm: (review: ReviewShown) => boolean;
  /** The token the form sends back to confirm this review. */
  tokenFor: (review: ReviewShown) => string;
}

export function confirmation(formData: FormData, actor: Actor, input: unknown): Confirmation {
  const sent = formData.get('confirmed');
  const who = 'userId' in actor ? actor.userId : actor.label;
  const tokenFor = (review: ReviewShown) => sign(JSON.stringify([who, input, review.warnings, review.changes]));
  return { tokenFor, confirm: (review) => typeof sent === 'string' && sent === tokenFor(review) };
}

// A key of its own (lib/crypto/derived-key.ts). Tokens live only from a preview to its confirmation, so a
// change of this key costs at most one more preview.
const LABEL = 'mailpanel confirmations v1';

function sign(text: string): string {
  return createHmac('sha256', derivedKey(LABEL)).update(text).digest('base64url');
}
