// The contract between the recharge engine and any upstream provider (STYLE §3). The router and the
// engine only ever see these types; each provider folder translates its own wire format into them.

export type ProviderName = string;
export type ProviderStyle = "alpha" | "bravo" | "charlie";

export type Country = "BD" | "IN" | "CN";
export type Service = "mobile" | "dth" | "bill";
export type AccountType = "prepaid" | "postpaid";

export type SubmitRequest = {
  /** Our rch_ id plus an attempt suffix: unique per attempt, and the provider's idempotency key. */
  orderId: string;
  /** Our operator code, e.g. GP, "GP ST", JIO, TATAPLAY, CM (or the biller code for bills). */
  operator: string;
  country: Country;
  service: Service;
  /** National number (mobile) or account / subscriber id (dth, bill). */
  target: string;
  /** Minor units of `currency`. */
  amount: bigint;
  currency: string;
  accountType: AccountType;
  biller?: string;
};

export type StatusQuery = { orderId: string; providerRef?: string | null };

export type CallOperation = "submit" | "status" | "plans" | "bill" | "balance" | "health" | "statement" | "callback";

export type CallLog = {
  operation: CallOperation;
  method: string;
  url: string;
  /** Secrets masked; credentials travel in headers, which are never logged. */
  requestBody: unknown;
  /** null when no response arrived (refused, timed out, reset). */
  httpStatus: number | null;
  /** Parsed JSON / form object when it parsed, else the raw text. */
  responseBody: unknown;
  latencyMs: number;
  error?: string;
};

/** Our normalized failure codes. `duplicate` is kept for callers, but adapters report a provider's
 * "duplicate order id" as `unknown`: it means the order exists there and may have been performed. */
export type FailureCode =
  | "invalid_number"
  | "operator_mismatch"
  | "invalid_amount"
  | "provider_balance"
  | "provider_down"
  | "rejected"
  | "duplicate";

/**
 * `failed` is definite: nothing was performed, so failing over to another provider is safe.
 * `unknown` means the provider MAY have performed it (timeout after send, 5xx, garbled body): never
 * fail over, resolve by status checks. From `status`, any transport trouble is `unknown` too, because
 * a `failed` there would be read as "the order failed".
 */
export type ProviderResult =
  | { kind: "succeeded"; providerRef: string; operatorTransactionId: string }
  | { kind: "pending"; providerRef: string }
  | { kind: "failed"; code: FailureCode; providerCode: string; message: string }
  | { kind: "unknown"; reason: string }
  /** Only from status: performed, then undone by the provider/operator. */
  | { kind: "reversed"; providerRef: string; message: string }
  /** Only from status: the provider has no such order, so it was definitely never performed. */
  | { kind: "not_found" };

export type Plan = {
  id: string;
  operator: string;
  /** Decimal string in the operator's currency, e.g. "299.00". */
  amount: string;
  validity: string;
  description: string;
  category: string;
};

export type Bill = {
  biller: string;
  account: string;
  customerName: string;
  amountDue: string;
  /** YYYY-MM-DD */
  dueDate: string;
  billNumber: string;
};

export type ProviderAdapter = {
  name: ProviderName;
  style: ProviderStyle;
  submit(req: SubmitRequest): Promise<{ result: ProviderResult; call: CallLog }>;
  status(q: StatusQuery): Promise<{ result: ProviderResult; call: CallLog }>;
  /** Throws ProviderCallError when the provider cannot answer. */
  plans(operator: string): Promise<{ plans: Plan[]; call: CallLog }>;
  /** `bill: null` when the provider says there is no such bill; throws ProviderCallError otherwise. */
  fetchBill(biller: string, account: string): Promise<{ bill: Bill | null; call: CallLog }>;
  /** Throws ProviderCallError when the provider cannot answer. */
  balance(): Promise<{ currency: string; amount: string; call: CallLog }>;
  /** Never throws: a failed call is `ok: false`. */
  health(): Promise<{ ok: boolean; call: CallLog }>;
  /** Their report of our orders created in [from, to) and their float; throws ProviderCallError. */
  statement(period: StatementPeriod): Promise<{ statement: ProviderStatement; call: CallLog }>;
  /**
   * Only for styles that push outcomes: checks an inbound callback's signature and reads it.
   * Throws CallbackRejected (nothing may be applied) when the signature or the body is bad.
   */
  verifyCallback?(input: { headers: Headers; body: string; now?: Date }): ProviderCallback;
};

export type StatementPeriod = { from: Date; to: Date };

/** One order in a provider's statement. Money as decimal strings; `floatDebit` in the float's currency. */
export type StatementRow = {
  orderId: string;
  providerRef: string | null;
  status: "succeeded" | "failed" | "pending" | "reversed";
  amount: string;
  currency: string;
  /** What they charge us for it, in `currency`; null when their report does not say. */
  cost: string | null;
  /** What the order took from our float (0 once failed or reversed). */
  floatDebit: string;
  at: string;
};

export type ProviderStatement = { from: string; to: string; floatCurrency: string; openingBalance: string; closingBalance: string; rows: StatementRow[] };

/** What a verified provider callback says about one of our orders. */
export type ProviderCallback = { orderId: string; providerRef: string | null; result: ProviderResult };

export class CallbackRejected extends Error {
  readonly reason: "bad_signature" | "stale" | "malformed";
  constructor(reason: "bad_signature" | "stale" | "malformed", message: string) {
    super(message);
    this.name = "CallbackRejected";
    this.reason = reason;
  }
}

/** How far a signed callback's timestamp may be from our clock (replays of old ones are refused). */
export const CALLBACK_TOLERANCE_SECONDS = 300;

export type ProviderConfig = {
  name: string;
  baseUrl: string;
  /** alpha: { token }; bravo: { apiKey }; charlie: { merchantId, secret }. */
  credentials: Record<string, string>;
  timeoutMs: number;
};

/** Read-only calls (plans, bill, balance) throw this so the caller can still record the call. */
export class ProviderCallError extends Error {
  readonly call: CallLog;
  constructor(message: string, call: CallLog) {
    super(message);
    this.name = "ProviderCallError";
    this.call = call;
  }
}
