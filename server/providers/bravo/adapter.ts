// bravo as a ProviderAdapter: asynchronous, so submit answers pending and status checks settle it.
import { createBravoClient } from "@/server/providers/bravo/client";
import * as t from "@/server/providers/bravo/transform";
import { statusTransportResult, submitTransportResult } from "@/server/providers/http";
import { ProviderCallError, type ProviderAdapter, type ProviderConfig } from "@/server/providers/types";

export function createBravoAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createBravoClient(config);
  return {
    name: config.name,
    style: "bravo",
    async submit(req) {
      const { outcome, call } = await client.createOrder(req);
      const result = outcome.type === "response" ? t.toSubmitResult(outcome.status, outcome.text) : submitTransportResult(outcome);
      return { result, call };
    },
    async status(q) {
      const { outcome, call } = await client.getOrder(q);
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
      const { outcome, call } = await client.getWallet();
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
