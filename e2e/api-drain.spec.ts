import { expect, test } from "@playwright/test";
import { basic, newMerchant, stateOf } from "./api-helpers";

// Many orders at once on one small wallet, through the public API: the wallet decides, exactly.

test("12 concurrent orders of 20.00 (distinct references and numbers) on 50.00: exactly 2 accepted, 10 insufficient_balance", async ({ request }) => {
  const M = newMerchant("50.00");
  const stamp = Date.now();
  const responses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      request.post("/api/v1/recharges", {
        headers: { authorization: basic(M.api_key, M.api_secret), "content-type": "application/json" },
        data: { reference: `DRAIN-${stamp}-${i}`, phone: `0171234${String(7100 + i)}`, operator: "GP", amount: "20.00" },
      }),
    ),
  );
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 201)).toHaveLength(2); // ⌊50.00 / 20.00⌋
  expect(statuses.filter((s) => s === 422)).toHaveLength(10);
  for (const r of responses.filter((x) => x.status() === 422)) expect((await r.json()).error.code).toBe("insufficient_balance");
  const state = await stateOf(M.account_id);
  expect(state.recharges).toBe(2);
  expect(state.holds).toBe(2);
  // 10.00 left, whatever the two orders have reached: each still open holds 20.00, each captured
  // has paid its 0.20 commission.
  const [available, held] = String(state.wallet).split("/").map(BigInt);
  expect([0n, 2_000n, 4_000n]).toContain(held);
  const captured = (4_000n - held) / 2_000n;
  expect(available).toBe(1_000n + 20n * captured);
});
