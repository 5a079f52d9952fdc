// alpha as a ProviderAdapter: a synchronous provider, so submit usually settles the attempt.
import { createAlphaClient } from "@/server/providers/alpha/client";
import * as t from "@/server/providers/alpha/transform";
import { statusTransportResult, submitTransportResult } from "@/server/providers/http";
import { ProviderCallError, type ProviderAdapter, type ProviderConfig } from "@/server/providers/types";

export function createAlphaAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createAlphaClient(config);
  return {
    name: config.name,
    style: "alpha",
    async submit(req) {
      const { outcome, call } = await client.submitTopup(req);
      const result = outcome.type === "response" ? t.toSubmitResult(outcome.status, outcome.text) : submitTransportResult(outcome);
      return { result, call };
    },
    // alpha looks orders up by our reference; its own transaction id isn't needed.
    async status({ orderId }) {
      const { outcome, call } = await client.getTopup(orderId);
      const result = outcome.type === "response" ? t.toStatusResult(outcome.status, outcome.text) : statusTransportResult(outcome);
      return { result, call };
    },
    async plans(operator) {
      const { outcome, call } = await client.getPlans(operator);
      const plans = outcome.type === "response" ? t.toPlans(operator, outcome.status, outcome.text) : null;
      if (!plans) throw new ProviderCallError(`${config.name}: plans for ${operator} unavailable`, call);
      return { plans, call };
    },
    async fetchBill(biller, account) {
      const { outcome, call } = await client.getBill(biller, account);
      const bill = outcome.type === "response" ? t.toBill(outcome.status, outcome.text) : undefined;
      if (bill === undefined) throw new ProviderCallError(`${config.name}: bill lookup failed`, call);
      return { bill, call };
    },
    async balance() {
      const { outcome, call } = await client.getBalance();
      const balance = outcome.type === "response" ? t.toBalance(outcome.status, outcome.text) : null;
      if (!balance) throw new ProviderCallError(`${config.name}: balance unavailable`, call);
      return { ...balance, call };
    },
    async health() {
      const { outcome, call } = await client.getHealth();
      return { ok: outcome.type === "response" && t.toHealth(outcome.status, outcome.text), call };
    },
  };
}
