import Link from 'next/link';

// One answer for "does not exist" and "not yours": nothing here tells the two apart.
export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="mb-2 text-2xl font-semibold">Not found</h1>
      <p className="mb-6 text-slate-600">There is nothing here, or it is not yours to see.</p>
      <Link href="/" className="text-sky-700 underline">
        Back to the overview
      </Link>
    </div>
  );
}
