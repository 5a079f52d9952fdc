// charlie as a ProviderAdapter: synchronous with numeric result codes; "processing" settles by query.
import { createCharlieClient } from "@/server/providers/charlie/client";
import * as t from "@/server/providers/charlie/transform";
import { statusTransportResult, submitTransportResult } from "@/server/providers/http";
import { ProviderCallError, type ProviderAdapter, type ProviderConfig } from "@/server/providers/types";

export function createCharlieAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createCharlieClient(config);
  return {
    name: config.name,
    style: "charlie",
    async submit(req) {
      const { outcome, call } = await client.recharge(req);
      const result = outcome.type === "response" ? t.toSubmitResult(outcome.status, outcome.text) : submitTransportResult(outcome);
      return { result, call };
    },
    async status(q) {
      const { outcome, call } = await client.query(q);
      const result = outcome.type === "response" ? t.toStatusResult(outcome.status, outcome.text) : statusTransportResult(outcome);
      return { result, call };
    },
    async plans(operator) {
      const { outcome, call } = await client.products(operator);
      const plans = outcome.type === "response" ? t.toPlans(operator, outcome.status, outcome.text) : null;
      if (!plans) throw new ProviderCallError(`${config.name}: plans for ${operator} unavailable`, call);
      return { plans, call };
    },
    async fetchBill(biller, account) {
      const { outcome, call } = await client.bill(biller, account);
      const bill = outcome.type === "response" ? t.toBill(outcome.status, outcome.text) : undefined;
      if (bill === undefined) throw new ProviderCallError(`${config.name}: bill lookup failed`, call);
      return { bill, call };
    },
    async balance() {
      const { outcome, call } = await client.balance();
      const balance = outcome.type === "response" ? t.toBalance(outcome.status, outcome.text) : null;
      if (!balance) throw new ProviderCallError(`${config.name}: balance unavailable`, call);
      return { ...balance, call };
    },
    async health() {
      const { outcome, call } = await client.ping();
      return { ok: outcome.type === "response" && t.toHealth(outcome.status, outcome.text), call };
    },
  };
}
