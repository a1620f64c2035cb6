import { hrefWith, type ListParams } from '@/lib/web/list-href';

/** "Download CSV" of the list as it is filtered, searched and sorted now (app/(panel)/export/[list]). */
export function DownloadCsv({ list, params }: { list: string; params: ListParams }) {
  return (
    <a
      href={hrefWith(`/export/${list}`, { ...params, after: undefined, before: undefined })}
      className="text-sm text-sky-700 underline"
      download
    >
      Download CSV
    </a>
  );
}

/** The notice a list shows after a bulk action (lib/web/bulk-words.ts bulkDoneNotice). */
export function BulkDoneNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {text}
    </p>
  );
}
