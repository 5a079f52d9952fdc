// The built-in operator catalog. It is the seed of the `operators` table (seedOperators), which admins
// edit afterwards; code that needs the live values reads the table, not this file.

export type Country = "BD" | "IN" | "CN";
export type Currency = "BDT" | "INR" | "CNY";
export type Service = "mobile" | "dth" | "bill";
export type OperatorKind = "mobile" | "dth" | "electricity" | "water" | "gas";
export type AccountType = "prepaid" | "postpaid";

export const COUNTRIES = ["BD", "IN", "CN"] as const satisfies readonly Country[];
export const SERVICES = ["mobile", "dth", "bill"] as const satisfies readonly Service[];
export const OPERATOR_KINDS = ["mobile", "dth", "electricity", "water", "gas"] as const satisfies readonly OperatorKind[];

export const CURRENCY_OF: Record<Country, Currency> = { BD: "BDT", IN: "INR", CN: "CNY" };

export type OperatorDef = {
  code: string;
  name: string;
  country: Country;
  currency: Currency;
  services: Service[];
  kind: OperatorKind;
  /** National-significant-number prefixes (no trunk 0, no country code): BD GP is "17", "13". */
  prefixes: string[];
  minAmount: bigint;
  /** Prepaid ceiling; postpaid bill payments use postpaidMaxAmount when set. */
  maxAmount: bigint;
  postpaidMaxAmount?: bigint;
  /** Amounts must be a multiple of this (minor units): operators take whole taka/rupees for top-ups. */
  amountStep?: bigint;
  /** Set when the operator sells only these fixed amounts (minor units). */
  denominations: bigint[] | null;
  /** Same number + operator + amount again within this window is refused as a duplicate (API.md §3). */
  duplicateWindowSeconds: number;
  /** Regex (anchored) the dth/bill account number must match. */
  accountPattern?: string;
  accountLabel?: string;
};

export const DEFAULT_DUPLICATE_WINDOW_SECONDS = 180;

/**
 * How far a prefix alone identifies the operator. BD and CN numbers mostly stay with the operator
 * that issued the block (BD has MNP but little churn; CN segments are still per operator). Indian
 * numbers have been portable since 2011 and series are reused, so a prefix there is a weak hint.
 */
export const PREFIX_CONFIDENCE: Record<Country, number> = { BD: 0.8, IN: 0.5, CN: 0.9 };

// Every catalog currency has 2 decimals; writing whole major units keeps floats out of money.
const major = (whole: number): bigint => BigInt(whole) * 100n;

type Draft = Omit<OperatorDef, "currency" | "duplicateWindowSeconds" | "denominations"> &
  Partial<Pick<OperatorDef, "duplicateWindowSeconds" | "denominations">>;

function def(draft: Draft): OperatorDef {
  return {
    ...draft,
    currency: CURRENCY_OF[draft.country],
    denominations: draft.denominations ?? null,
    duplicateWindowSeconds: draft.duplicateWindowSeconds ?? DEFAULT_DUPLICATE_WINDOW_SECONDS,
  };
}

// Limits of seed 002: 10–1000 BDT prepaid; postpaid bill payments go higher.
const bdMobile = (code: string, name: string, prefixes: string[]) =>
  def({
    code,
    name,
    country: "BD",
    services: ["mobile"],
    kind: "mobile",
    prefixes,
    minAmount: major(10),
    maxAmount: major(1000),
    postpaidMaxAmount: major(5000),
    amountStep: major(1),
  });

// Bangladeshi utilities: a postpaid bill is paid as billed (any poisha amount up to the cap); a
// prepaid meter is recharged in whole taka from 100.
function bdBill(code: string, name: string, kind: "electricity" | "water" | "gas", accountPattern: string, accountLabel: string, opts: { prepaid?: boolean } = {}) {
  return def({
    code,
    name,
    country: "BD",
    services: ["bill"],
    kind,
    prefixes: [],
    minAmount: major(opts.prepaid ? 100 : 1),
    maxAmount: major(opts.prepaid ? 50_000 : 200_000),
    ...(opts.prepaid ? { amountStep: major(1) } : {}),
    accountPattern,
    accountLabel,
  });
}

// Order matters where prefixes are shared: the first listed is the default guess (GP before Skitto,
// because most 017/013 numbers are plain Grameenphone).
const BD: OperatorDef[] = [
  bdMobile("GP", "Grameenphone", ["17", "13"]),
  bdMobile("GP ST", "Grameenphone Skitto", ["17", "13"]),
  bdMobile("BL", "Banglalink", ["19", "14"]),
  bdMobile("RB", "Robi", ["18"]),
  bdMobile("AT", "Airtel", ["16"]),
  bdMobile("TT", "Teletalk", ["15"]),
  // Akash DTH (Beximco) is the country's licensed satellite TV: subscribers pay monthly packs.
  def({
    code: "AKASH",
    name: "Akash DTH",
    country: "BD",
    services: ["dth"],
    kind: "dth",
    prefixes: [],
    minAmount: major(100),
    maxAmount: major(20_000),
    amountStep: major(1),
    accountPattern: "^\\d{10}$",
    accountLabel: "Subscriber ID (10 digits)",
  }),
  // Prepaid meters are topped up in whole taka (the vending token); postpaid bills are paid to the
  // poisha as billed. Formats: prepaid meter numbers are 11–12 digits, postpaid account/customer
  // numbers 8 digits (NESCO: 8-digit consumer number); WASA accounts 8–10, Titas customer codes 6–10.
  bdBill("DESCO", "DESCO postpaid electricity (Dhaka)", "electricity", "^\\d{8}$", "Account Number (8 digits)"),
  bdBill("DESCO PRE", "DESCO prepaid electricity (Dhaka)", "electricity", "^\\d{11,12}$", "Meter Number (11–12 digits)", { prepaid: true }),
  bdBill("DPDC", "DPDC postpaid electricity (Dhaka)", "electricity", "^\\d{8}$", "Customer Number (8 digits)"),
  bdBill("DPDC PRE", "DPDC prepaid electricity (Dhaka)", "electricity", "^\\d{11,12}$", "Meter Number (11–12 digits)", { prepaid: true }),
  bdBill("NESCO", "NESCO postpaid electricity (Rajshahi, Rangpur)", "electricity", "^\\d{8}$", "Consumer Number (8 digits)"),
  bdBill("NESCO PRE", "NESCO prepaid electricity (Rajshahi, Rangpur)", "electricity", "^\\d{11,12}$", "Meter Number (11–12 digits)", { prepaid: true }),
  bdBill("WASA", "Dhaka WASA water", "water", "^\\d{8,10}$", "Account Number (8–10 digits)"),
  bdBill("TITAS", "Titas Gas", "gas", "^\\d{6,10}$", "Customer Code (6–10 digits)"),
];

// Indian series below are a sample of each operator's original allocations: since MNP they only hint
// at the operator (PREFIX_CONFIDENCE.IN), and learned/portability data overrides them.
const inMobile = (code: string, name: string, prefixes: string[]) =>
  def({
    code,
    name,
    country: "IN",
    services: ["mobile"],
    kind: "mobile",
    prefixes,
    minAmount: major(10),
    maxAmount: major(10_000),
    postpaidMaxAmount: major(50_000),
    amountStep: major(1),
  });

const inDth = (code: string, name: string, accountPattern: string, accountLabel: string) =>
  def({
    code,
    name,
    country: "IN",
    services: ["dth"],
    kind: "dth",
    prefixes: [],
    minAmount: major(100),
    maxAmount: major(20_000),
    amountStep: major(1),
    accountPattern,
    accountLabel,
  });

// Bills are paid to the paisa (the amount due), so no step; the cap is the usual BBPS per-bill limit.
const inBill = (code: string, name: string, kind: "electricity" | "water" | "gas", accountPattern: string, accountLabel: string) =>
  def({
    code,
    name,
    country: "IN",
    services: ["bill"],
    kind,
    prefixes: [],
    minAmount: major(1),
    maxAmount: major(200_000),
    accountPattern,
    accountLabel,
  });

const IN: OperatorDef[] = [
  inMobile("JIO", "Reliance Jio", ["6000", "6001", "7000", "7021", "7045", "8169", "8291", "8369", "8928", "9076"]),
  inMobile("AIRTEL", "Airtel", ["9810", "9818", "9871", "9899", "9910", "9958", "9971", "9845", "9880", "9892"]),
  inMobile("VI", "Vi (Vodafone Idea)", ["9811", "9819", "9820", "9833", "9873", "9999", "9822", "9890", "9825", "9824"]),
  inMobile("BSNL", "BSNL", ["9400", "9434", "9436", "9440", "9443", "9447", "9448", "9449", "9450", "9454"]),
  inDth("TATAPLAY", "Tata Play", "^1\\d{9}$", "Subscriber ID"),
  inDth("AIRTELDTH", "Airtel Digital TV", "^3\\d{9}$", "Customer ID"),
  inDth("DISHTV", "Dish TV", "^0\\d{10}$", "Viewing Card Number"),
  inDth("SUNDIRECT", "Sun Direct", "^4\\d{10}$", "Smart Card Number"),
  inDth("D2H", "d2h", "^\\d{8,12}$", "Customer ID"),
  inBill("BESCOM", "BESCOM (Bengaluru)", "electricity", "^\\d{10}$", "Account ID"),
  inBill("MSEDCL", "MSEDCL (Maharashtra)", "electricity", "^\\d{12}$", "Consumer Number"),
  inBill("TPDDL", "Tata Power Delhi Distribution", "electricity", "^\\d{11}$", "CA Number"),
  inBill("DJB", "Delhi Jal Board", "water", "^\\d{10}$", "K Number"),
  inBill("IGL", "Indraprastha Gas", "gas", "^\\d{10}$", "BP Number"),
];

// Chinese top-ups are sold in fixed face values only.
const CN_DENOMINATIONS = [10, 20, 30, 50, 100, 200, 300, 500].map(major);

const cnMobile = (code: string, name: string, prefixes: string[]) =>
  def({
    code,
    name,
    country: "CN",
    services: ["mobile"],
    kind: "mobile",
    prefixes,
    minAmount: major(10),
    maxAmount: major(500),
    denominations: [...CN_DENOMINATIONS],
  });

const CN: OperatorDef[] = [
  cnMobile("CM", "China Mobile", [
    "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
    "178", "182", "183", "184", "187", "188", "195", "198",
  ]),
  cnMobile("CU", "China Unicom", ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"]),
  cnMobile("CT", "China Telecom", ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]),
];

// Frozen because callers get these objects themselves: a stray push into `prefixes` would otherwise
// change detection for the whole process.
function freeze(op: OperatorDef): OperatorDef {
  Object.freeze(op.prefixes);
  Object.freeze(op.services);
  if (op.denominations) Object.freeze(op.denominations);
  return Object.freeze(op);
}

export const ALL_OPERATORS: readonly OperatorDef[] = Object.freeze([...BD, ...IN, ...CN].map(freeze));

const BY_CODE = new Map(ALL_OPERATORS.map((op) => [op.code, op]));

/** Codes are case-sensitive and may contain a space ("GP ST"), exactly as seed 002 sends them. */
export function getOperator(code: string): OperatorDef | undefined {
  return BY_CODE.get(code);
}

export function listOperators(filter: { country?: Country; service?: Service } = {}): OperatorDef[] {
  return ALL_OPERATORS.filter(
    (op) => (!filter.country || op.country === filter.country) && (!filter.service || op.services.includes(filter.service)),
  );
}
