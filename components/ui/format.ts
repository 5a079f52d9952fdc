// Display helpers. Money arrives as decimal strings from the server and is never turned into floats.

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const timeOnly = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—");
export const formatDate = (iso: string | null | undefined) => (iso ? dateOnly.format(new Date(iso)) : "—");
export const formatTime = (iso: string | null | undefined) => (iso ? timeOnly.format(new Date(iso)) : "—");

export function formatMoney(amount: string | null | undefined, currency?: string) {
  if (amount === null || amount === undefined) return "—";
  return currency ? `${amount} ${currency}` : amount;
}

export function formatDuration(seconds: number | null | undefined) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 90) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function formatPercent(ratio: number | null | undefined) {
  if (ratio === null || ratio === undefined) return "—";
  const pct = ratio * 100;
  return `${Number.isInteger(Math.round(pct * 10) / 10) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export function formatRelative(iso: string | null | undefined, now = Date.now()) {
  if (!iso) return "never";
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? "moments" : s < 3600 ? `${Math.round(s / 60)} min` : s < 86_400 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86_400)} days`;
  if (text === "moments") return future ? "in a moment" : "just now";
  return future ? `in ${text}` : `${text} ago`;
}

/** A local calendar day from <input type="date"> → the instant it starts (or ends), for from/to filters. */
export function dayBound(day: string, end = false) {
  if (!day) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  return end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
}
