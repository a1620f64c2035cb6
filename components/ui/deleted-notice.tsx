// The notice a list shows after one of its objects was deleted: the delete action redirects to the list
// with ?deleted=<name>, because the object's own page is gone.
export function DeletedNotice({
  params,
  what,
  after,
}: {
  params: Record<string, string | string[] | undefined>;
  what: string;
  after?: string;
}) {
  const deleted = typeof params.deleted === 'string' ? params.deleted : null;
  if (!deleted) return null;
  return (
    <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {what} {deleted} deleted.{after ? ` ${after}` : ''}
    </p>
  );
}
