import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import type { FormState } from '@/lib/web/form-state';
import { ActAsForm } from './act-as-form';

/** The page on which support starts acting as a reseller, customer or mailbox: what it means, then the form. */
export function ActAsPage({
  name,
  back,
  mailbox = false,
  action,
}: {
  name: string;
  back: string;
  /** A mailbox: its owner's postoffice pages, without its password. */
  mailbox?: boolean;
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
}) {
  return (
    <>
      <PageHeader
        title={`Act as ${name}`}
        subtitle="Support changes data only while acting as its owner, for a stated reason and at most an hour."
      />
      <ul className="mb-6 max-w-2xl list-disc pl-6 text-sm text-slate-700">
        {mailbox ? (
          <li>
            Until you stop or the time runs out, you see the post office pages of {name} as its owner does, and may change its forward and
            automatic reply; not its password, and nothing of any other mailbox.
          </li>
        ) : (
          <li>Until you stop or the time runs out, you see and change exactly what {name} sees and changes: nothing of anyone else.</li>
        )}
        <li>A banner on every page says that you are acting, until when and why.</li>
        <li>
          Everything you do is recorded as “support you as {name} (reason)”, and {mailbox ? 'its customer' : name} reads it in its own
          activity log.
        </li>
      </ul>
      <ActAsForm action={action} target={name} />
      <p className="mt-4 text-sm">
        <Link href={back} className="text-sky-700 hover:underline">
          Cancel
        </Link>
      </p>
    </>
  );
}
