// charlie as a ProviderAdapter: synchronous with numeric result codes; "processing" settles by query.
import { createCharlieClient } from "@/server/providers/charlie/client";
import * as t from "@/server/providers/charlie/transform";
import { verifyCharlieCallback } from "@/server/providers/charlie/callback";
import { composeAdapter } from "@/server/providers/compose";
import type { ProviderAdapter, ProviderConfig } from "@/server/providers/types";

export function createCharlieAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createCharlieClient(config);
  const adapter = composeAdapter(
    config,
    "charlie",
    {
      submit: (req) => client.recharge(req),
      status: (q) => client.query(q),
      plans: (operator) => client.products(operator),
      bill: (biller, account) => client.bill(biller, account),
      balance: () => client.balance(),
      health: () => client.ping(),
      statement: (p) => client.statement(p),
    },
    t,
  );
  return { ...adapter, verifyCallback: (input) => verifyCharlieCallback(config, input) };
}
