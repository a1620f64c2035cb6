import { When } from '@/components/sync/when';
import { listResettableLogins } from '@/lib/data/login-reset';
import { requireActor } from '@/lib/session/session';
import { resetLoginAction } from './actions';
import { ResetLoginForm } from './reset-login-form';

/**
 * The logins of a customer or a reseller that the signed-in user may reset, each with its reset form: a
 * reseller sees its customers', an admin resellers' and customers'; support and customers see nothing here.
 * A page includes it with one line: <ResetLogins customerId={…} /> or <ResetLogins resellerId={…} />.
 */
export async function ResetLogins(props: { customerId: string } | { resellerId: string }) {
  const actor = await requireActor();
  const logins = await listResettableLogins(actor, props);
  if (logins.length === 0) return null;
  return (
    <section className="mt-8" aria-labelledby="reset-logins-heading" data-testid="reset-logins">
      <h2 id="reset-logins-heading" className="mb-2 text-lg font-semibold">
        Sign-in
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        A forgotten password is reset here: you get a new one to pass on, and the person chooses their own at the next sign-in.
      </p>
      <ul className="flex flex-col gap-3">
        {logins.map((login) => (
          <li key={login.id} className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 text-sm">
            <p>
              <span className="font-medium">{login.email}</span>{' '}
              <span className="text-slate-600">
                · last signed in <When at={login.lastLoginAt} />
                {login.mustChangePassword ? ' · must choose a new password at the next sign-in' : ''}
              </span>
            </p>
            <div>
              <ResetLoginForm email={login.email} action={resetLoginAction.bind(null, login.id)} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
