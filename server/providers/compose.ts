// What every adapter does the same way: run the client's HTTP call, hand a response to the style's
// transform, and map transport trouble (refused, timeout) to a result. Each style supplies only its
// client calls and its transform (STYLE §3: client / adapter / transform).
import type { CallLog, Plan, Bill, ProviderAdapter, ProviderConfig, ProviderResult, ProviderStatement, ProviderStyle, StatementPeriod, StatusQuery, SubmitRequest } from "./types";
import { ProviderCallError } from "./types";
import { statusTransportResult, submitTransportResult, type TransportOutcome } from "./http";

type Called = Promise<{ outcome: TransportOutcome; call: CallLog }>;

export type StyleCalls = {
  submit(req: SubmitRequest): Called;
  status(q: StatusQuery): Called;
  plans(operator: string): Called;
  bill(biller: string, account: string): Called;
  balance(): Called;
  health(): Called;
  statement(period: StatementPeriod): Called;
};

export type StyleTransform = {
  toSubmitResult(httpStatus: number, text: string): ProviderResult;
  toStatusResult(httpStatus: number, text: string): ProviderResult;
  toPlans(operator: string, httpStatus: number, text: string): Plan[] | null;
  toBill(httpStatus: number, text: string): Bill | null | undefined;
  toBalance(httpStatus: number, text: string): { currency: string; amount: string } | null;
  toHealth(httpStatus: number, text: string): boolean;
  toStatement(httpStatus: number, text: string): ProviderStatement | null;
};

export function composeAdapter(config: ProviderConfig, style: ProviderStyle, calls: StyleCalls, t: StyleTransform): ProviderAdapter {
  return {
    name: config.name,
    style,
    async submit(req) {
      const { outcome, call } = await calls.submit(req);
      const result = outcome.type === "response" ? t.toSubmitResult(outcome.status, outcome.text) : submitTransportResult(outcome);
      return { result, call };
    },
    async status(q) {
      const { outcome, call } = await calls.status(q);
      const result = outcome.type === "response" ? t.toStatusResult(outcome.status, outcome.text) : statusTransportResult(outcome);
      return { result, call };
    },
    async plans(operator) {
      const { outcome, call } = await calls.plans(operator);
      const plans = outcome.type === "response" ? t.toPlans(operator, outcome.status, outcome.text) : null;
      if (!plans) throw new ProviderCallError(`${config.name}: plans for ${operator} unavailable`, call);
      return { plans, call };
    },
    async fetchBill(biller, account) {
      const { outcome, call } = await calls.bill(biller, account);
      const bill = outcome.type === "response" ? t.toBill(outcome.status, outcome.text) : undefined;
      if (bill === undefined) throw new ProviderCallError(`${config.name}: bill lookup failed`, call);
      return { bill, call };
    },
    async balance() {
      const { outcome, call } = await calls.balance();
      const balance = outcome.type === "response" ? t.toBalance(outcome.status, outcome.text) : null;
      if (!balance) throw new ProviderCallError(`${config.name}: balance unavailable`, call);
      return { ...balance, call };
    },
    async statement(period) {
      const { outcome, call } = await calls.statement(period);
      const statement = outcome.type === "response" ? t.toStatement(outcome.status, outcome.text) : null;
      if (!statement) throw new ProviderCallError(`${config.name}: statement unavailable`, call);
      // The log keeps the size of the report, not every line of it.
      const logged = outcome.type === "response" ? { ...call, responseBody: { opening: statement.openingBalance, closing: statement.closingBalance, rows: statement.rows.length } } : call;
      return { statement, call: logged };
    },
    async health() {
      const { outcome, call } = await calls.health();
      return { ok: outcome.type === "response" && t.toHealth(outcome.status, outcome.text), call };
    },
  };
}
