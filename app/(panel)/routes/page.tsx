import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { DomainError, isHiddenOrMissing } from '@/lib/data/errors';
import { traceForActor } from '@/lib/data/routes';
import { describeOutcome } from '@/lib/mail/trace-summary';

export const metadata: Metadata = { title: 'Where does mail go?' };

export default async function RoutesPage({ searchParams }: { searchParams: Promise<{ address?: string }> }) {
  const actor = await openScreen('routes');
  const { address } = await searchParams;
  const asked = typeof address === 'string' ? address.slice(0, 320) : '';
  let result: Awaited<ReturnType<typeof traceForActor>> | null = null;
  let problem: string | null = null;
  // Any submit asks (an empty one too, which the data function answers with "type an address").
  if (typeof address === 'string') {
    try {
      result = await traceForActor(actor, asked);
    } catch (error) {
      if (error instanceof DomainError) problem = error.message;
      else if (isHiddenOrMissing(error)) problem = 'You can trace addresses on your own domains only. Check the spelling of the domain.';
      else throw error;
    }
  }
  return (
    <>
      <PageHeader
        title="Where does mail go?"
        subtitle="Follows an address through virtmaps, aliases and accounts exactly as the mail host will, once it has the latest sync."
      />
      <form method="get" role="search" className="mb-6 flex gap-2">
        <label htmlFor="address" className="sr-only">
          Address
        </label>
        <input
          id="address"
          name="address"
          type="text"
          defaultValue={asked}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'address-problem' : undefined}
          placeholder="name@your-domain.example"
          className="w-96 rounded border border-slate-300 px-3 py-2 text-sm"
        />
        <button className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">Trace</button>
      </form>
      {problem ? (
        <p id="address-problem" role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {result ? (
        <section aria-labelledby="outcome" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="outcome" className="mb-2 text-lg font-semibold">
            Mail to <span className="font-mono">{result.address}</span>
          </h2>
          <ul className="mb-4 text-sm font-medium" data-testid="route-outcome">
            {describeOutcome(result).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h3 className="mb-1 text-sm font-semibold text-slate-700">Why</h3>
          <ol className="list-decimal pl-6 text-sm text-slate-700" data-testid="route-steps">
            {result.steps.map((s, i) => (
              <li key={i} style={{ marginLeft: `${s.depth}rem` }}>
                {s.text}
              </li>
            ))}
          </ol>
          {result.differences.length ? (
            <div className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
              <p className="font-medium">On a {result.flavor === 'sendmail' ? 'Postfix' : 'sendmail'} host this would differ:</p>
              <ul className="list-disc pl-5">
                {result.differences.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
