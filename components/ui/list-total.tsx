/** "42 accounts", or "3 accounts match “joe”": how many rows the list holds in all, not just this page. */
export function ListTotal({ total, one, many, q }: { total: number; one: string; many: string; q?: string }) {
  const count = `${total.toLocaleString('en')} ${total === 1 ? one : many}`;
  return (
    <p className="mb-2 text-sm text-slate-700" data-testid="list-total">
      {q ? `${count} ${total === 1 ? 'matches' : 'match'} “${q}”` : count}
    </p>
  );
}
