// What a failed tRPC call says: the server's human sentence, its code and per-field messages (from
// zod input parsing or from a verb's ValidationFailed details).

type ErrorData = { appCode?: string | null; details?: Record<string, unknown> | null; zodError?: Record<string, string[] | undefined> | null };

function dataOf(error: unknown): ErrorData {
  return ((error as { data?: ErrorData } | null)?.data ?? {}) as ErrorData;
}

export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const message = (error as { message?: string } | null)?.message;
  if (!message || /^(fetch failed|Failed to fetch|NetworkError)/i.test(message)) return message ? "You seem to be offline. Check the connection and try again." : fallback;
  return message;
}

export function errorCode(error: unknown): string | null {
  return dataOf(error).appCode ?? null;
}

export function errorDetails(error: unknown): Record<string, unknown> {
  return dataOf(error).details ?? {};
}

/** A message written for people ("Enter the account number."), not a machine token ("required", "too_short"). */
const isSentence = (text: string) => /^[A-Z0-9"“'‘(]/.test(text) && /[.!?)”"]$/.test(text.trim()) && /\s/.test(text.trim());

/**
 * One message per field name, from whichever shape the server sent. A detail that is a code or an
 * echo of the input ("required", "too_short", "49.50") is replaced by the error's own sentence, on
 * the first such field only, so one message is never repeated under several fields.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const { zodError, details } = dataOf(error);
  const sentence = (error as { message?: string } | null)?.message ?? "";
  let usedSentence = false;
  for (const source of [zodError, details]) {
    for (const [key, value] of Object.entries(source ?? {})) {
      const text = Array.isArray(value) ? value.find((v) => typeof v === "string") : typeof value === "string" ? value : null;
      if (!text || out[key]) continue;
      if (isSentence(text)) out[key] = text;
      else if (!usedSentence && sentence && isSentence(sentence)) {
        out[key] = sentence;
        usedSentence = true;
      }
    }
  }
  return out;
}

/**
 * A failed save, said once: the messages for the fields this form shows go next to them; the error's
 * sentence is returned for a toast only when no shown field carries it (a problem with something the
 * form does not show, or no field at all).
 */
export function formErrors(error: unknown, shown: object): { fields: Record<string, string>; toast: string | null } {
  const all = fieldErrors(error);
  const fields: Record<string, string> = {};
  let elsewhere = false;
  for (const [key, text] of Object.entries(all)) {
    if (key in shown) fields[key] = text;
    else elsewhere = true;
  }
  return { fields, toast: elsewhere || Object.keys(fields).length === 0 ? errorMessage(error) : null };
}
