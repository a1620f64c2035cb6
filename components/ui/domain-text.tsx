import { domainLabel } from '@/lib/web/domain-label';

/**
 * A domain or an address as people read it (an IDN in Unicode: bücher.example), with the stored ASCII form
 * (xn--bcher-kva.example) as its title and, unless asked not to, in small text beside it.
 */
export function DomainText({ value, ascii = 'inline' }: { value: string; ascii?: 'inline' | 'title' }) {
  const label = domainLabel(value);
  if (!label.ascii) return <>{value}</>;
  return (
    <>
      <span title={label.ascii}>{label.shown}</span>
      {ascii === 'inline' ? <span className="ml-2 font-mono text-xs text-slate-700">{label.ascii}</span> : null}
    </>
  );
}

/** The stored ASCII form of an IDN on a line of its own (nothing for a name that reads the same). */
export function AsciiForm({ value }: { value: string }) {
  const { ascii } = domainLabel(value);
  return ascii ? <div className="font-mono text-xs text-slate-700">{ascii}</div> : null;
}
