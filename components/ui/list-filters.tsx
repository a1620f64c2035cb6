/**
 * The filters of a list (inside its SearchForm): its status, and the customer for those who see several.
 * They are part of the address, so paging, sorting and "Download CSV" keep them.
 */
export function ListFilters({
  status,
  customers,
  customer,
}: {
  status?: string | null;
  customers?: { id: string; name: string }[] | null;
  customer?: string;
}) {
  const select = 'rounded border border-slate-300 bg-white px-2 py-2 text-sm';
  return (
    <>
      {status !== null ? (
        <>
          <label htmlFor="filter-status" className="sr-only">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={status ?? ''} className={select}>
            <option value="">Any status</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
        </>
      ) : null}
      {customers && customers.length > 1 ? (
        <>
          <label htmlFor="filter-customer" className="sr-only">
            Customer
          </label>
          <select id="filter-customer" name="customer" defaultValue={customer ?? ''} className={select}>
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </>
  );
}
