import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import type { FormState } from '@/lib/web/form-state';
import { ActAsForm } from './act-as-form';

/** The page on which support starts acting as a reseller or customer: what it means, then the form. */
export function ActAsPage({
  name,
  back,
  action,
}: {
  name: string;
  back: string;
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
}) {
  return (
    <>
      <PageHeader
        title={`Act as ${name}`}
        subtitle="Support changes data only while acting as its owner, for a stated reason and at most an hour."
      />
      <ul className="mb-6 max-w-2xl list-disc pl-6 text-sm text-slate-700">
        <li>Until you stop or the time runs out, you see and change exactly what {name} sees and changes: nothing of anyone else.</li>
        <li>A banner on every page says that you are acting, until when and why.</li>
        <li>
          Everything you do is recorded as “support you as {name} (reason)”, and {name} reads it in its own activity log.
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
