import { ValidationFailed } from "@/server/lib/errors";

// Keyset pagination over (created_at, id), newest first: stable while rows are being added.


export function encodeCursor(row: { createdAt: Date; id: string }) {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at);
  if (!id || Number.isNaN(date.getTime())) throw ValidationFailed("The cursor is not valid.", { cursor: "invalid" });
  return { at: date, id };
}

/** Given limit+1 rows, the page and the cursor of the next one (null on the last page). */
export function pageOf<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(data[data.length - 1]) : null };
}
