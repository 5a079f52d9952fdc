import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCtx } from "@/server/context";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { getBulkBatch, listBulkBatches, submitBulk, validateBulk } from "./bulk";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function retailer(credit = "1000.00") {
  const acct = await makeAccount({ credit, type: "retailer" });
  const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "retailer", accountId: acct.account_id });
  return { acct, ctx };
}

/** Waits until the background starts have run, then settles every order of the batch. */
async function settleBatch(ctx: Awaited<ReturnType<typeof retailer>>["ctx"], batchId: string) {
  for (let i = 0; i < 50; i++) {
    const batch = await getBulkBatch({ ctx, input: { batchId } });
    if (batch.rows.every((r) => r.recharge.status !== "pending")) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const batch = await getBulkBatch({ ctx, input: { batchId } });
  for (const { recharge } of batch.rows) await settleOrder(recharge.id);
  return getBulkBatch({ ctx, input: { batchId } });
}

const CSV = [
  "number,amount,operator",
  "01712345678,20,", // fine, detected as GP
  "01912345001,30,BL", // accepted now, fails at the operator
  "0171234,20,", // not a number
  "01812345678,5,", // below Robi's minimum
  "01712345678,20,", // the same as row 1
  "01612345678,40,GP", // an Airtel number sent as GP
  "01512345678,,", // no amount
].join("\n");

describe("bulk recharges", () => {
  it("validates every row on the server, then places the valid ones and reports each row's outcome", async () => {
    const { ctx } = await retailer();
    const preview = await validateBulk({ ctx, input: { csv: CSV } });
    expect(preview.batch_id).toMatch(/^bulk_/);
    const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r]));
    // Rows are numbered by their line in the file (the header is line 1).
    expect(byRow[2]).toMatchObject({ valid: true, operator: "GP", amount: "20.00", commission: "0.20" });
    expect(byRow[3]).toMatchObject({ valid: true, operator: "BL" });
    expect(byRow[4]).toMatchObject({ valid: false, error: { code: "validation_failed" } });
    expect(byRow[5]).toMatchObject({ valid: false, error: { code: "invalid_amount", message: "Robi takes 10–1000 BDT, in whole BDT amounts (no decimals)." } });
    expect(byRow[6]).toMatchObject({ valid: false, error: { code: "duplicate_in_file", message: "Same number and amount as row 2." } });
    expect(byRow[7]).toMatchObject({ valid: false, error: { code: "operator_number_mismatch" } });
    expect(byRow[8]).toMatchObject({ valid: false, error: { message: "The amount is missing." } });
    expect(preview.summary).toMatchObject({ rows: 7, valid: 2, invalid: 5, total_amount: "50.00", balance_available: "1000.00", enough_balance: true });

    const valid = preview.rows.filter((r) => r.valid).map((r) => ({ row: r.row, phone: r.phone, amount: r.amount, operator: r.operator ?? undefined }));
    const rejected = preview.rows.filter((r) => !r.valid).map((r) => ({ row: r.row, phone: r.phone, amount: r.amount, operator: r.operator, reason: r.error!.message }));
    const submitted = await submitBulk({ ctx, input: { batchId: preview.batch_id, rows: valid, fileName: "monday.csv", rejected } });
    expect(submitted.map((s) => [s.row, s.error, s.recharge?.reference])).toEqual([
      [2, null, `BULK-${preview.batch_id}-2`],
      [3, null, `BULK-${preview.batch_id}-3`],
    ]);

    // A retried chunk finds the same orders instead of placing new ones.
    const again = await submitBulk({ ctx, input: { batchId: preview.batch_id, rows: valid } });
    expect(again.map((s) => s.recharge?.id)).toEqual(submitted.map((s) => s.recharge?.id));

    const done = await settleBatch(ctx, preview.batch_id);
    expect(done.done).toBe(true);
    expect(done.rows.map((r) => [r.row, r.recharge.status])).toEqual([
      [2, "succeeded"],
      [3, "failed"],
    ]);
    // The batch keeps its file's name and the rows that were not sent, with why.
    expect(done.file_name).toBe("monday.csv");
    expect(done.rejected.map((r) => [r.row, r.reason])).toEqual([
      [4, "The phone number is not valid."],
      [5, "Robi takes 10–1000 BDT, in whole BDT amounts (no decimals)."],
      [6, "Same number and amount as row 2."],
      [7, expect.stringContaining("does not belong to Grameenphone")],
      [8, "The amount is missing."],
    ]);
    expect(done.rows[1].recharge.failure_reason).toBe("Please check the number and try again.");
    expect(done.counts).toMatchObject({ total: 2, succeeded: 1, failed: 1, final: 2 });

    const batches = await listBulkBatches({ ctx });
    expect(batches[0]).toMatchObject({ batch_id: preview.batch_id, file_name: "monday.csv", total: 2, succeeded: 1, failed: 1, pending: 0, amount: "50.00", currency: "BDT" });
  });

  it("says when the balance cannot cover the file, and the rows past it fail at submit", async () => {
    const { ctx } = await retailer("100.00");
    const preview = await validateBulk({ ctx, input: { csv: "01712345678,60\n01812345678,60\n" } });
    expect(preview.summary).toMatchObject({ valid: 2, total_amount: "120.00", enough_balance: false });
    const rows = preview.rows.map((r) => ({ row: r.row, phone: r.phone, amount: r.amount }));
    const submitted = await submitBulk({ ctx, input: { batchId: preview.batch_id, rows } });
    expect(submitted[0].error).toBeNull();
    expect(submitted[1].error?.code).toBe("insufficient_balance");
    await settleBatch(ctx, preview.batch_id);
  });

  it("explains a repeat within the operator's window in plain words, and sends it when asked", async () => {
    const { ctx } = await retailer();
    const first = await validateBulk({ ctx, input: { csv: "01712345661,25\n" } });
    await submitBulk({ ctx, input: { batchId: first.batch_id, rows: [{ row: 1, phone: "01712345661", amount: "25.00" }] } });
    await settleBatch(ctx, first.batch_id);
    const second = await validateBulk({ ctx, input: { csv: "01712345661,25\n" } });
    expect(second.rows[0]).toMatchObject({ valid: false, error: { code: "duplicate_recharge", message: expect.stringContaining('Tick "Send anyway"') } });
    const sent = await submitBulk({ ctx, input: { batchId: second.batch_id, rows: [{ row: 1, phone: "01712345661", amount: "25.00", allow_duplicate: true }] } });
    expect(sent[0].error).toBeNull();
    await settleBatch(ctx, second.batch_id);
  });

  it("keeps batches to their account and refuses malformed batch ids", async () => {
    const a = await retailer();
    const b = await retailer();
    const preview = await validateBulk({ ctx: a.ctx, input: { csv: "01712345678,25" } });
    await submitBulk({ ctx: a.ctx, input: { batchId: preview.batch_id, rows: [{ row: 1, phone: "01712345678", amount: "25" }] } });
    expect((await getBulkBatch({ ctx: b.ctx, input: { batchId: preview.batch_id } })).rows).toHaveLength(0);
    await expect(getBulkBatch({ ctx: a.ctx, input: { batchId: "bulk_%" } })).rejects.toThrow();
    await expect(submitBulk({ ctx: a.ctx, input: { batchId: "../x", rows: [{ row: 1, phone: "01712345678", amount: "25" }] } })).rejects.toMatchObject({ code: "validation_failed" });
    await settleBatch(a.ctx, preview.batch_id);
  });
});
