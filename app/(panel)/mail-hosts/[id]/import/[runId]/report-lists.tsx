import type { ImportReport } from '@/lib/data/import-sendmail';

/** How many rows of a list the page shows; the downloaded report has them all. */
const SHOWN = 500;

/** The report's lists: conflicts, broken rules, kept-out lines, logins that stay locked, isolation changes. */
export function ReportLists({ report: r }: { report: ImportReport }) {
  return (
    <div className="flex flex-col gap-6">
      <List title="Conflicts with the panel" rows={r.conflicts.map((x) => [x.key, x.reason])} head={['What', 'Why']} />
      <List title="Broken rules" rows={r.problems.map((p) => ['', p])} head={['', 'Problem']} />
      <List
        title="Kept out"
        testId="kept-out"
        head={['Line', 'Key', 'Why']}
        rows={r.keptOut.map((k) => [`${k.file}:${k.line}${k.lineEnd && k.lineEnd !== k.line ? `–${k.lineEnd}` : ''}`, k.key, k.reason])}
      />
      <List
        title="Accounts that cannot log in until a password is set"
        head={['Account', 'Why']}
        rows={r.noLogin.map((n) => [n.name, n.reason])}
      />
      <List
        title="Names that the domains of several customers reach"
        head={['Name', 'Stays with', 'Kept-out addresses']}
        rows={r.shared.map((s) => [s.name, s.owner, s.addresses.join(', ')])}
      />
      <List
        title="Addresses the isolation rule stops"
        head={['Customer', 'Addresses', 'For example']}
        rows={r.fallThroughLost.map((f) => [f.customer, String(f.addresses), f.examples.join(', ')])}
      />
      <List
        title="Refused by a catch-all before, they reach the mail host’s own postmaster and abuse now (RFC 5321)"
        head={['Address']}
        rows={r.roleAddressesOpened.map((a) => [a])}
      />
    </div>
  );
}

function List({ title, head, rows, testId }: { title: string; head: string[]; rows: string[][]; testId?: string }) {
  if (rows.length === 0) return null;
  return (
    <section aria-label={title} data-testid={testId}>
      <h2 className="mb-2 text-base font-semibold">
        {title} ({rows.length})
      </h2>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50">
            <tr>
              {head.map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((row, i) => (
              <tr key={i} className="border-t border-slate-100">
                {row.map((cell, j) => (
                  <td key={j} className="px-3 py-1 align-top font-mono text-xs break-all">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN ? (
        <p className="mt-1 text-xs text-slate-600">
          The first {SHOWN} of {rows.length}; the report has all of them.
        </p>
      ) : null}
    </section>
  );
}
