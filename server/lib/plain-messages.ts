// Plain sentences for invalid input: what the dashboards and the API say when a field is wrong,
// instead of zod's "Too big: expected string to have <=32 characters". Free of imports (zod
// included), so a browser form can use it per parse (`schema.safeParse(value, PLAIN)`) at the
// cost of a few hundred bytes; the server installs it as zod's global error map
// (server/lib/plain-errors.ts). A schema's own message (`.min(1, "Enter the account number.")`)
// still wins.

// Only names the generic rule below would get wrong; "amount" → "The amount" needs no entry.
const LABELS: Record<string, string> = {
  phone: "The phone number",
  account: "The account number",
  notify_url: "The notification URL",
  url: "The URL",
  minAmount: "The minimum amount",
  maxAmount: "The maximum amount",
  costBps: "The cost",
  timeoutMs: "The timeout",
  rateBps: "The rate",
  minPoints: "The points",
  parentAccountId: "The merchant account id",
};

/** "account_type" → "The account type"; known fields by their everyday name. */
function labelOf(path: readonly PropertyKey[] | undefined): string {
  const key = [...(path ?? [])].reverse().find((p) => typeof p === "string") as string | undefined;
  if (!key) return "This value";
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().trim();
  return `The ${words}`;
}

const EXPECTED: Record<string, string> = { number: "a number", boolean: "true or false", array: "a list", object: "an object" };

export type Issue = { code?: string; path?: readonly PropertyKey[]; input?: unknown; origin?: string; maximum?: unknown; minimum?: unknown; expected?: string; values?: unknown[]; format?: string };

export function plainMessage(issue: Issue): string | undefined {
  const label = labelOf(issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return `${label} is missing.`;
      return `${label} must be ${EXPECTED[issue.expected ?? ""] ?? "text"}.`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `${label} is missing.` : `${label} is too short: at least ${issue.minimum} characters.`;
      if (issue.origin === "array") return `Give at least ${issue.minimum}.`;
      return `${label} must be at least ${issue.minimum}.`;
    case "too_big":
      if (issue.origin === "string") return `${label} is too long: at most ${issue.maximum} characters.`;
      if (issue.origin === "array") return `At most ${issue.maximum} are allowed.`;
      return `${label} can be at most ${issue.maximum}.`;
    case "invalid_value":
      return issue.values?.length ? `${label} must be one of: ${issue.values.map(String).join(", ")}.` : `${label} is not an allowed value.`;
    case "invalid_format":
      if (issue.format === "url") return `${label} must be a web address like https://example.com/hook.`;
      if (issue.format === "email") return "Enter an email address like name@example.com.";
      return `${label} is not in the expected format.`;
    case "unrecognized_keys":
      return "Some fields are not recognised.";
    default:
      return undefined;
  }
}

/** Parse options for a form's safeParse: the same plain messages as the server's. */
export const PLAIN = { error: (issue: unknown) => plainMessage(issue as Issue) };
