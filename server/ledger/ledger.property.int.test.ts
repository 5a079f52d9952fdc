import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { wallets } from "@/db/schema";
import { withTransaction } from "@/server/context";
import { AppError, InsufficientBalance } from "@/server/lib/errors";
import { cliCtx, insertOrder, makeAccount, setOrderStatus } from "@/test/fixtures";
import { captureHold, checkLedger, credit, placeHold, releaseHold, reverseJournal } from "./index";

type Op =
  | { op: "credit"; amount: number }
  | { op: "hold"; amount: number }
  | { op: "capture"; pick: number }
  | { op: "release"; pick: number }
  | { op: "reverse"; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("credit" as const), amount: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ op: fc.constant("hold" as const), amount: fc.integer({ min: 1, max: 80_000 }) }),
  fc.record({ op: fc.constant("capture" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("release" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("reverse" as const), pick: fc.nat() }),
);

describe("ledger property", () => {
  it("random sequences of credit / hold / capture / release / reverse keep every invariant", async () => {
    const db = await getDb();
    const ctx = await cliCtx();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        run += 1;
        const acct = await makeAccount();
        // The model: what the wallet must hold after each step.
        let available = 0n;
        let held = 0n;
        const open: Array<{ holdId: string; orderId: string; amount: bigint }> = [];
        const reversible: Array<{ journalId: string; availableEffect: bigint }> = [];
        for (const [i, step] of ops.entries()) {
          const key = `r${run}-${i}`;
          if (step.op === "credit") {
            const { journal } = await credit(ctx, { walletId: acct.wallet_id, amount: BigInt(step.amount), idempotencyKey: key });
            available += BigInt(step.amount);
            reversible.push({ journalId: journal.id, availableEffect: BigInt(step.amount) });
          } else if (step.op === "hold") {
            const amount = BigInt(step.amount);
            try {
              const r = await withTransaction(ctx, async (tx) => {
                const orderId = await insertOrder(tx.db, acct.account_id, amount);
                return placeHold(tx, { walletId: acct.wallet_id, amount, owner: { type: "recharge", id: orderId }, idempotencyKey: key });
              });
              open.push({ holdId: r.hold.id, orderId: r.hold.ownerId, amount });
              available -= amount;
              held += amount;
            } catch (error) {
              expect(error).toBeInstanceOf(InsufficientBalance);
              expect(amount > available).toBe(true);
            }
          } else if ((step.op === "capture" || step.op === "release") && open.length) {
            const [h] = open.splice(step.pick % open.length, 1);
            if (step.op === "capture") {
              const { journal } = await withTransaction(ctx, async (tx) => {
                await setOrderStatus(tx.db, h.orderId, "succeeded");
                return captureHold(tx, { holdId: h.holdId, idempotencyKey: key });
              });
              held -= h.amount;
              // Reversing a capture (a refund) brings the amount back to available.
              reversible.push({ journalId: journal.id, availableEffect: -h.amount });
            } else {
              await withTransaction(ctx, async (tx) => {
                await setOrderStatus(tx.db, h.orderId, "failed");
                return releaseHold(tx, { holdId: h.holdId, idempotencyKey: key });
              });
              held -= h.amount;
              available += h.amount;
            }
          } else if (step.op === "reverse" && reversible.length) {
            const [j] = reversible.splice(step.pick % reversible.length, 1);
            try {
              await reverseJournal(ctx, { journalId: j.journalId, idempotencyKey: key });
              available -= j.availableEffect;
            } catch (error) {
              // Reversing a credit whose money was already spent or held must be refused, not overdraw.
              expect(error).toBeInstanceOf(AppError);
              expect((error as AppError).code).toBe("insufficient_balance");
              expect(available - j.availableEffect < 0n).toBe(true);
            }
          }
          const [w] = await db.select().from(wallets).where(eq(wallets.id, acct.wallet_id));
          expect({ available: w.available, held: w.held }).toEqual({ available, held });
          expect(await checkLedger(db)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
    expect(run).toBe(40);
  });
});
