"use client";
import { Skeleton } from "./card";
import { useMediaQuery } from "./use-media-query";

export type Column<T> = {
  key: string;
  header: React.ReactNode;
  cell: (row: T) => React.ReactNode;
  className?: string;
  /** Left out on phones. */
  hideOnMobile?: boolean;
  /** On phones rows become cards: "title" cells head the card, "actions" cells end it; others are label/value lines. */
  mobile?: "title" | "actions";
  align?: "left" | "right";
};

export type DataTableProps<T> = {
  /** Names the table (or the list of cards on phones) for screen readers. */
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  error?: string | null;
  empty?: React.ReactNode;
  rowTestId?: (row: T) => string;
};

/**
 * A table on wider screens and a list of cards on phones (so nothing needs side-scrolling), with
 * skeleton rows while loading, an empty and an error state.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const wide = useMediaQuery("(min-width: 640px)");
  const { rows, loading, error, empty = "Nothing here yet." } = props;
  return (
    <div>
      {wide ? <WideTable {...props} /> : <CardList {...props} />}
      {error ? (
        <p role="alert" className="px-3 py-6 text-center text-sm text-red-700">
          {error}
        </p>
      ) : (
        !loading && rows?.length === 0 && <div className="px-3 py-8 text-center text-sm text-slate-500">{empty}</div>
      )}
    </div>
  );
}

function WideTable<T>({ caption, columns, rows, rowKey, loading, rowTestId }: DataTableProps<T>) {
  const cellClass = (c: Column<T>) => `${c.align === "right" ? "text-right" : "text-left"} ${c.className ?? ""}`;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-3 py-2 font-medium ${cellClass(c)}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {loading && !rows
            ? Array.from({ length: 4 }, (_, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.key} className="px-3 py-3">
                      <Skeleton className="h-4 w-20" />
                    </td>
                  ))}
                </tr>
              ))
            : rows?.map((row) => (
                <tr key={rowKey(row)} data-testid={rowTestId?.(row)} className="align-top hover:bg-slate-50/60">
                  {columns.map((c) => (
                    <td key={c.key} className={`px-3 py-2.5 ${cellClass(c)}`}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}

function CardList<T>({ caption, columns, rows, rowKey, loading, rowTestId }: DataTableProps<T>) {
  const shown = columns.filter((c) => !c.hideOnMobile);
  const titles = shown.filter((c) => c.mobile === "title");
  const actions = shown.filter((c) => c.mobile === "actions");
  const fields = shown.filter((c) => !c.mobile);
  if (loading && !rows) {
    return (
      <div className="space-y-3 p-4" aria-label={`Loading ${caption.toLowerCase()}`}>
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-16 w-full" />
      </div>
    );
  }
  return (
    <ul aria-label={caption} className="divide-y divide-slate-100">
      {rows?.map((row) => (
        <li key={rowKey(row)} data-testid={rowTestId?.(row)} className="space-y-2 px-4 py-3 text-sm">
          {titles.length > 0 && (
            <div className="space-y-0.5">
              {titles.map((c) => (
                <div key={c.key}>{c.cell(row)}</div>
              ))}
            </div>
          )}
          {fields.length > 0 && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {fields.map((c) => (
                <div key={c.key} className="contents">
                  <dt className="text-xs uppercase tracking-wide text-slate-500">{c.header}</dt>
                  <dd className="min-w-0">{c.cell(row)}</dd>
                </div>
              ))}
            </dl>
          )}
          {actions.length > 0 && (
            <div className="flex flex-wrap justify-end gap-2">
              {actions.map((c) => (
                <div key={c.key}>{c.cell(row)}</div>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
