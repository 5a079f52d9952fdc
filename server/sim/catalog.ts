// What the simulated upstreams sell and what they charge us. The engine seeds provider rows and
// provider costs from SIM_PROVIDERS, so routing by price has something real to choose between.
import { createHash } from "node:crypto";
import type { Bill, Plan, ProviderConfig, ProviderStyle } from "@/server/providers/types";
import type { SimName } from "@/server/sim/state";

export const BD_MOBILE = ["GP", "GP ST", "BL", "RB", "AT", "TT"] as const;
export const IN_MOBILE = ["JIO", "AIRTEL", "VI", "BSNL"] as const;
export const IN_DTH = ["TATAPLAY", "AIRTELDTH", "DISHTV", "SUNDIRECT", "D2H"] as const;
export const CN_MOBILE = ["CM", "CU", "CT"] as const;

export const BD_DTH = ["AKASH"] as const;
export const SIM_BILLERS = [
  { code: "DESCO", country: "BD", name: "Dhaka Electric Supply Company" },
  { code: "DESCO PRE", country: "BD", name: "Dhaka Electric Supply Company (prepaid)" },
  { code: "DPDC", country: "BD", name: "Dhaka Power Distribution Company" },
  { code: "DPDC PRE", country: "BD", name: "Dhaka Power Distribution Company (prepaid)" },
  { code: "NESCO", country: "BD", name: "Northern Electricity Supply Company" },
  { code: "NESCO PRE", country: "BD", name: "Northern Electricity Supply Company (prepaid)" },
  { code: "WASA", country: "BD", name: "Dhaka WASA" },
  { code: "TITAS", country: "BD", name: "Titas Gas" },
  { code: "BESCOM", country: "IN", name: "Bangalore Electricity Supply" },
  { code: "MSEDCL", country: "IN", name: "Maharashtra State Electricity Distribution" },
  { code: "TATAPOWER", country: "IN", name: "Tata Power Mumbai" },
] as const;
const BILLER_CODES = SIM_BILLERS.map((b) => b.code);

export type SimProvider = {
  name: SimName;
  style: ProviderStyle;
  /** Mounted under the app origin, e.g. http://localhost:3000/api/sim/alpha */
  path: string;
  /** Development-only credentials the simulator accepts (simulators are off in production). */
  credentials: Record<string, string>;
  /** Operator code -> our discount off face value, in basis points (higher = cheaper for us). */
  costBps: Record<string, number>;
  defaultCostBps: number;
  /** Operator / biller codes, or "*" for anything. */
  serves: string[];
};

const each = (codes: readonly string[], bps: number) => Object.fromEntries(codes.map((c) => [c, bps]));

// alpha is cheapest for BD, bravo for IN (mobile, DTH and IN bills); only alpha serves CN.
export const SIM_PROVIDERS: SimProvider[] = [
  {
    name: "alpha",
    style: "alpha",
    path: "/api/sim/alpha",
    credentials: { token: "sim-alpha-token" },
    costBps: { GP: 350, "GP ST": 350, BL: 320, RB: 320, AT: 320, TT: 280, ...each(IN_MOBILE, 150), ...each(CN_MOBILE, 200) },
    defaultCostBps: 100,
    serves: [...BD_MOBILE, ...IN_MOBILE, ...CN_MOBILE],
  },
  {
    name: "bravo",
    style: "bravo",
    path: "/api/sim/bravo",
    credentials: { apiKey: "sim-bravo-key", callbackSecret: "sim-bravo-callback-secret" },
    costBps: {
      ...each(BD_MOBILE, 200),
      JIO: 400, AIRTEL: 380, VI: 420, BSNL: 360,
      ...each(IN_DTH, 500),
      DESCO: 60, DPDC: 60, WASA: 60, TITAS: 60, BESCOM: 120, MSEDCL: 120, TATAPOWER: 120,
    },
    defaultCostBps: 100,
    serves: [...BD_MOBILE, ...BD_DTH, ...IN_MOBILE, ...IN_DTH, ...BILLER_CODES],
  },
  {
    name: "charlie",
    style: "charlie",
    path: "/api/sim/charlie",
    credentials: { merchantId: "SIMCHARLIE", secret: "sim-charlie-secret" },
    costBps: {
      GP: 300, "GP ST": 300, BL: 250, RB: 250, AT: 250, TT: 220,
      ...each(IN_MOBILE, 250),
      ...each(IN_DTH, 400),
      DESCO: 90, DPDC: 90, WASA: 90, TITAS: 90, BESCOM: 80, MSEDCL: 80, TATAPOWER: 80,
    },
    defaultCostBps: 100,
    serves: [...BD_MOBILE, ...BD_DTH, ...IN_MOBILE, ...IN_DTH, ...BILLER_CODES],
  },
];

/** Ready-made adapter configs pointing at this app's own simulator routes. */
export function simProviderConfigs(origin: string, timeoutMs = 15_000): Array<ProviderConfig & { style: ProviderStyle }> {
  return SIM_PROVIDERS.map((p) => ({
    name: p.name,
    style: p.style,
    baseUrl: `${origin.replace(/\/+$/, "")}${p.path}`,
    credentials: { ...p.credentials },
    timeoutMs,
  }));
}

export function simProvider(name: SimName): SimProvider {
  return SIM_PROVIDERS.find((p) => p.name === name)!;
}

const COUNTRY_OF: Record<string, "BD" | "IN" | "CN"> = {
  ...Object.fromEntries(BD_MOBILE.map((c) => [c, "BD" as const])),
  ...Object.fromEntries([...IN_MOBILE, ...IN_DTH].map((c) => [c, "IN" as const])),
  ...Object.fromEntries(CN_MOBILE.map((c) => [c, "CN" as const])),
  ...Object.fromEntries(BD_DTH.map((c) => [c, "BD" as const])),
  ...Object.fromEntries(SIM_BILLERS.map((b) => [b.code, b.country])),
};
export const CURRENCY_OF_COUNTRY: Record<string, string> = { BD: "BDT", IN: "INR", CN: "CNY" };

export function currencyOfOperator(operator: string): string | null {
  const country = COUNTRY_OF[operator];
  return country ? CURRENCY_OF_COUNTRY[country] : null;
}

type Pack = [amount: number, validity: string, description: string, category: string];

const PACKS: Record<string, Pack[]> = {
  GP: [
    [20, "1 day", "Talk-time top-up", "topup"],
    [49, "3 days", "1 GB internet", "internet"],
    [74, "7 days", "60 minutes any network", "voice"],
    [109, "7 days", "3 GB + 100 minutes", "combo"],
    [299, "30 days", "20 GB internet", "internet"],
  ],
  "GP ST": [
    [48, "7 days", "5 GB Skitto data", "internet"],
    [98, "7 days", "10 GB Skitto data", "internet"],
    [148, "30 days", "15 GB Skitto data", "internet"],
    [248, "30 days", "25 GB + 200 minutes", "combo"],
  ],
  BL: [
    [29, "1 day", "1 GB internet", "internet"],
    [68, "7 days", "70 minutes", "voice"],
    [128, "7 days", "5 GB + 100 minutes", "combo"],
    [398, "30 days", "30 GB internet", "internet"],
  ],
  RB: [
    [24, "1 day", "1.5 GB internet", "internet"],
    [57, "7 days", "50 minutes", "voice"],
    [118, "7 days", "4 GB + 80 minutes", "combo"],
    [349, "30 days", "25 GB internet", "internet"],
  ],
  AT: [
    [22, "2 days", "1 GB internet", "internet"],
    [64, "7 days", "65 minutes", "voice"],
    [99, "7 days", "6 GB internet", "internet"],
    [297, "30 days", "20 GB + 300 minutes", "combo"],
  ],
  TT: [
    [18, "3 days", "1 GB internet", "internet"],
    [49, "7 days", "100 minutes", "voice"],
    [148, "30 days", "12 GB internet", "internet"],
    [238, "30 days", "15 GB + 250 minutes", "combo"],
  ],
  JIO: [
    [19, "1 day", "1 GB data add-on", "data"],
    [299, "28 days", "1.5 GB/day, unlimited calls, 100 SMS/day", "unlimited"],
    [349, "28 days", "2 GB/day, unlimited calls, 100 SMS/day", "unlimited"],
    [889, "84 days", "1.5 GB/day, unlimited calls", "unlimited"],
    [3599, "365 days", "2.5 GB/day, unlimited calls", "annual"],
  ],
  AIRTEL: [
    [22, "1 day", "1 GB data add-on", "data"],
    [299, "28 days", "1 GB/day, unlimited calls", "unlimited"],
    [379, "30 days", "2 GB/day, unlimited calls", "unlimited"],
    [859, "84 days", "1.5 GB/day, unlimited calls", "unlimited"],
    [3599, "365 days", "2 GB/day, unlimited calls", "annual"],
  ],
  VI: [
    [22, "1 day", "1 GB data add-on", "data"],
    [299, "28 days", "1 GB/day, unlimited calls", "unlimited"],
    [349, "28 days", "1.5 GB/day, unlimited calls", "unlimited"],
    [979, "84 days", "2 GB/day, unlimited calls", "unlimited"],
  ],
  BSNL: [
    [107, "35 days", "3 GB data, 200 minutes", "combo"],
    [199, "30 days", "2 GB/day, unlimited calls", "unlimited"],
    [397, "150 days", "2 GB/day for 30 days, unlimited calls", "unlimited"],
    [1999, "365 days", "600 GB, unlimited calls", "annual"],
  ],
  AKASH: [
    [350, "30 days", "Akash Basic (90+ channels)", "pack"],
    [550, "30 days", "Akash Family HD", "pack"],
    [1000, "30 days", "Akash Premium HD + Sports", "pack"],
    [3000, "180 days", "Akash Family HD 6 months", "long_term"],
  ],
  TATAPLAY: [
    [153, "30 days", "Hindi Basic", "pack"],
    [299, "30 days", "Family Kids HD", "pack"],
    [399, "30 days", "Mega Family Sports HD", "pack"],
    [1650, "180 days", "Hindi Smart 6 months", "long_term"],
  ],
  AIRTELDTH: [
    [199, "30 days", "Value Lite", "pack"],
    [350, "30 days", "Hindi Value Sports HD", "pack"],
    [499, "30 days", "Mega HD", "pack"],
  ],
  DISHTV: [
    [175, "30 days", "Super Family", "pack"],
    [299, "30 days", "Titanium HD", "pack"],
    [1099, "180 days", "Family 6 months", "long_term"],
  ],
  SUNDIRECT: [
    [149, "30 days", "Tamil Basic", "pack"],
    [299, "30 days", "Telugu Value HD", "pack"],
    [450, "30 days", "South Mega HD", "pack"],
  ],
  D2H: [
    [190, "30 days", "Gold HD", "pack"],
    [320, "30 days", "Diamond HD", "pack"],
    [2100, "365 days", "Gold annual", "long_term"],
  ],
  CM: [
    [30, "30 days", "China Mobile top-up", "topup"],
    [50, "30 days", "China Mobile top-up", "topup"],
    [100, "30 days", "China Mobile top-up", "topup"],
  ],
};

// Any code we don't know still gets a plausible list, so new operators can be tried without edits.
const GENERIC: Pack[] = [
  [10, "7 days", "Top-up", "topup"],
  [20, "15 days", "Top-up", "topup"],
  [50, "30 days", "Top-up", "topup"],
  [100, "30 days", "Top-up", "topup"],
];

export function plansFor(operator: string): Plan[] {
  const code = operator.trim().toUpperCase();
  const slug = code.replace(/[^A-Z0-9]/g, "");
  return (PACKS[code] ?? GENERIC).map(([amount, validity, description, category]) => ({
    id: `${slug}-${amount}-${validity.split(" ")[0]}`,
    operator: code,
    amount: `${amount}.00`,
    validity,
    description,
    category,
  }));
}

const NAMES = ["Rahim Uddin", "Karim Hossain", "Fatema Begum", "Ayesha Akter", "Priya Sharma", "Rahul Verma", "Anjali Nair", "Vikram Singh"];

/** Same account, same bill (within a month); accounts ending in 0000 have none. */
export function billFor(biller: string, account: string, now = new Date()): Bill | null {
  if (!account || account.endsWith("0000")) return null;
  const digest = createHash("sha256").update(`${biller}:${account}`).digest();
  const amountMinor = 20_000 + (digest.readUInt32BE(0) % 480_000); // 200.00 .. 4999.99
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1 + (digest[4] % 28)));
  return {
    biller,
    account,
    customerName: NAMES[digest[5] % NAMES.length],
    amountDue: `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, "0")}`,
    dueDate: due.toISOString().slice(0, 10),
    billNumber: `${biller.slice(0, 3).toUpperCase()}${digest.readUInt32BE(6).toString().padStart(10, "0")}`,
  };
}

/** Everything the engine needs to seed providers, provider costs and billers from the simulators. */
export const simCatalog = { providers: SIM_PROVIDERS, billers: SIM_BILLERS, plansFor, configs: simProviderConfigs };
