'use client';

import { useId, useState, type ReactNode } from 'react';
import { ReviewForm } from '@/components/mail/review-form';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import type { FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

const REJECTS = [
  { value: 'unknown', label: '550 5.1.1 — no such user (error:5.1.1:550)' },
  { value: 'nouser', label: '553 5.3.0 — error:nouser' },
  { value: 'tempfail', label: '450 4.2.1 — try again later (error:4.2.1:450)' },
  { value: 'other', label: 'Another status and reply code…' },
];

type Start = { action: 'deliver' | 'reject'; target: string; rejectCode: string; rejectStatus: string; rejectText: string };

/**
 * Adds `local@domain → target`, a catch-all (empty local part), or a rejection; with `editing`, changes
 * where an existing key sends mail (the key is fixed).
 */
export function VirtmapForm({ domain, action, editing }: { domain: string; action: Bound; editing?: Start }) {
  // Several of these forms share the page (one per virtmap): ids must differ so labels find their fields.
  const uid = useId();
  const [local, setLocal] = useState('');
  const [mode, setMode] = useState<'deliver' | 'reject'>(editing?.action ?? 'deliver');
  const [target, setTarget] = useState(editing?.target ?? '');
  // All controlled: React resets a form after its action, and the confirmation must send what was previewed.
  const [rejectCode, setRejectCode] = useState(editing?.rejectCode ?? 'unknown');
  const [rejectStatus, setRejectStatus] = useState(editing?.rejectStatus ?? '');
  const [rejectText, setRejectText] = useState(editing?.rejectText ?? '');
  const [aliasName, setAliasName] = useState('');
  const [protect, setProtect] = useState(false);
  const several = target.split(/[\n,]/).filter((s) => s.trim() !== '').length > 1;
  return (
    <ReviewForm action={action} label="Check and save">
      {(state) => {
        const e = state.fieldErrors ?? {};
        return (
          <>
            {editing ? null : (
              <Field
                name="localPart"
                id={`${uid}-localPart`}
                label={`Address (the part before @${domain})`}
                value={local}
                onChange={(ev) => setLocal(ev.target.value)}
                errors={e.localPart}
                hint="Leave empty for the catch-all: every address of the domain that has no entry of its own. On a sendmail host, joe+* also takes joe+anything, and +* anyone's +anything."
              />
            )}
            <SelectField
              name="action"
              id={`${uid}-action`}
              label="What happens"
              value={mode}
              onChange={(ev) => setMode(ev.target.value === 'reject' ? 'reject' : 'deliver')}
              options={[
                { value: 'deliver', label: 'Deliver' },
                { value: 'reject', label: 'Reject at SMTP time' },
              ]}
            />
            {mode === 'deliver' ? (
              <>
                <Field
                  name="target"
                  id={`${uid}-target`}
                  label="Deliver to"
                  value={target}
                  onChange={(ev) => setTarget(ev.target.value)}
                  errors={e.target}
                  hint="An account or alias name (joe, or joe+news to deliver with that detail), an address (joe@example.net), %1@other.example to keep the name and change the domain, or %1 for the local name. %3 after the name passes the address's +detail on (joe%3, %1%3@other.example). Several, separated by commas, make an alias."
                />
                {several ? (
                  <Field
                    name="aliasName"
                    id={`${uid}-aliasName`}
                    label="Name of the alias that will hold these targets"
                    value={aliasName || `${local.trim() || 'catchall'}-${domain.split('.')[0] ?? ''}`}
                    onChange={(ev) => setAliasName(ev.target.value)}
                    errors={e.aliasName}
                  />
                ) : null}
              </>
            ) : (
              <>
                <SelectField
                  name="rejectCode"
                  id={`${uid}-rejectCode`}
                  label="Reply"
                  options={REJECTS}
                  value={rejectCode}
                  onChange={(ev) => setRejectCode(ev.target.value)}
                />
                {rejectCode === 'other' ? (
                  <Field
                    name="rejectStatus"
                    id={`${uid}-rejectStatus`}
                    label="Status and reply code"
                    value={rejectStatus}
                    onChange={(ev) => setRejectStatus(ev.target.value)}
                    errors={e.rejectStatus}
                    hint="As sendmail writes it after error:, such as 5.7.1:550 (refused for good) or 4.7.1:451 (try again later)."
                  />
                ) : null}
                <Field
                  name="rejectText"
                  id={`${uid}-rejectText`}
                  label="Message"
                  value={rejectText}
                  onChange={(ev) => setRejectText(ev.target.value)}
                  errors={e.rejectText}
                  hint="Shown to the sender's mail server, e.g. “No such user here”."
                />
              </>
            )}
            {!editing && local.trim() === '' ? (
              <label className="inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name="protectAccounts" checked={protect} onChange={(ev) => setProtect(ev.target.checked)} /> Also
                give each of the customer&apos;s accounts its own address on this domain, so the catch-all does not take their mail
              </label>
            ) : null}
          </>
        );
      }}
    </ReviewForm>
  );
}

export function DeleteVirtmapButton({ address, action }: { address: string; action: Bound }) {
  return <ReviewForm action={action} label={`Delete ${address}…`} confirmLabel={`Delete ${address}`} tone="secondary" />;
}

/**
 * The "Add an address" panel, open at first when the domain has no address yet. Open or closed is then the
 * user's: when the first address is saved the page no longer asks for it open, and closing it then hid the
 * form's answer ("… saved") and its review.
 */
export function AddVirtmapDetails({ initiallyOpen, children }: { initiallyOpen: boolean; children: ReactNode }) {
  const [open] = useState(initiallyOpen);
  return (
    <details className="rounded border border-slate-200 bg-white p-4" open={open} data-testid="add-virtmap">
      <summary className="cursor-pointer text-sm font-medium">Add an address, a catch-all or a rejection</summary>
      <div className="mt-4">{children}</div>
    </details>
  );
}
