import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { seedOperators } from "@/server/catalog/catalog";
import { createCtx } from "@/server/context";
import { commissionFor } from "@/server/recharge/commission";
import {
  createCashbackOffer,
  createRewardLevel,
  deleteRewardLevel,
  listCashbackOffers,
  listRewardLevels,
  setCashbackOfferActive,
  updateCashbackOffer,
  updateRewardLevel,
} from "@/server/rewards/offers";
import { makeAccount } from "@/test/fixtures";
import { listAudit } from "./audit";
import { createCommissionSlab, deleteCommissionSlab, listCommissionSlabs, listOperators, updateCommissionSlab, updateOperator } from "./catalog";

beforeAll(async () => {
  await seedOperators(await getDb());
});
const admin = () => createCtx({ type: "cli" });

describe("operators", () => {
  it("pages and filters the catalog", async () => {
    const ctx = await admin();
    const bd = await listOperators(ctx, { country: "BD", pageSize: 3 });
    expect(bd.data).toHaveLength(3);
    expect(bd.total).toBeGreaterThan(3);
    expect(bd.data.every((o) => o.country === "BD")).toBe(true);
    const gp = (await listOperators(ctx, { search: "GP" })).data.find((o) => o.code === "GP")!;
    expect(gp.minAmount).toMatch(/^\d+\.\d{2}$/);
  });

  it("edits limits and the duplicate window, checking them together, audit-logged", async () => {
    const ctx = await admin();
    const updated = await updateOperator({ ctx, input: { code: "GP", minAmount: "15.00", maxAmount: "900", duplicateWindowSeconds: 60 } });
    expect(updated).toMatchObject({ minAmount: "15.00", maxAmount: "900.00", duplicateWindowSeconds: 60 });
    await expect(updateOperator({ ctx, input: { code: "GP", maxAmount: "10.00" } })).rejects.toMatchObject({ code: "validation_failed", details: { maxAmount: "below minimum" } });
    await expect(updateOperator({ ctx, input: { code: "GP", minAmount: "0" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(updateOperator({ ctx, input: { code: "GP", denominations: ["10.00"] } })).rejects.toMatchObject({ details: { denominations: "outside limits" } });
    await expect(updateOperator({ ctx, input: { code: "GP", minAmount: "1.005" } })).rejects.toMatchObject({ code: "validation_failed" });
    expect((await updateOperator({ ctx, input: { code: "GP", denominations: ["50", "20.00", "50.00"] } })).denominations).toEqual(["20.00", "50.00"]);
    expect((await updateOperator({ ctx, input: { code: "GP", denominations: null } })).denominations).toBeNull();
    const log = await listAudit(ctx, { action: "operator.update", targetId: "GP" });
    expect(log.data.at(-1)?.details).toEqual({ changes: { minAmount: { from: expect.any(String), to: "15.00" }, maxAmount: { from: expect.any(String), to: "900.00" }, duplicateWindowSeconds: { from: expect.any(Number), to: 60 } } });
    await expect(updateOperator({ ctx, input: { code: "NOPE" } })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("operator amount step", () => {
  it("is shown as the rule, editable, and checked against the minimum", async () => {
    const ctx = await admin();
    const bl = (await listOperators(ctx, { search: "BL" })).data.find((o) => o.code === "BL")!;
    expect(bl).toMatchObject({ amountStep: "1.00", rule: "Banglalink takes 10–1000 BDT, in whole BDT amounts (no decimals)." });
    expect(await updateOperator({ ctx, input: { code: "BL", amountStep: "5.00" } })).toMatchObject({ amountStep: "5.00", rule: "Banglalink takes 10–1000 BDT, in multiples of 5 BDT." });
    await expect(updateOperator({ ctx, input: { code: "BL", amountStep: "3.00" } })).rejects.toMatchObject({ details: { amountStep: "minimum not a multiple" } });
    expect((await updateOperator({ ctx, input: { code: "BL", amountStep: null } })).amountStep).toBeNull();
    const log = await listAudit(ctx, { action: "operator.update", targetId: "BL" });
    expect(log.data.map((e) => e.details)).toContainEqual({ changes: { amountStep: { from: "1.00", to: "5.00" } } });
    await updateOperator({ ctx, input: { code: "BL", amountStep: "1.00" } });
  });
});

describe("commission slabs", () => {
  it("create, update and delete change what an account earns", async () => {
    const ctx = await admin();
    const acct = await makeAccount();
    const db = await getDb();
    const earn = () => commissionFor(db, { accountId: acct.account_id, operator: "GP", currency: "BDT", amount: 10_000n });
    expect(await earn()).toBe(100n); // the 1% default on 100.00
    const slab = await createCommissionSlab({ ctx, input: { operatorCode: "GP", accountId: acct.account_id, minAmount: "50", maxAmount: "500", rateBps: 250, flat: "1.00" } });
    expect(slab).toMatchObject({ currency: "BDT", minAmount: "50.00", maxAmount: "500.00", flat: "1.00" });
    expect(await earn()).toBe(350n);
    await updateCommissionSlab({ ctx, input: { id: slab.id, operatorCode: "GP", accountId: acct.account_id, minAmount: "50", maxAmount: null, rateBps: 300, flat: "0" } });
    expect(await earn()).toBe(300n);
    const listed = await listCommissionSlabs(ctx, { accountId: acct.account_id });
    expect(listed.data).toEqual([expect.objectContaining({ id: slab.id, accountName: "Test Co", maxAmount: null, rateBps: 300 })]);
    await deleteCommissionSlab({ ctx, input: { id: slab.id } });
    expect(await earn()).toBe(100n);
    expect((await listAudit(ctx, { targetId: slab.id })).data.map((e) => e.action)).toEqual(["commission.delete", "commission.update", "commission.create"]);
  });

  it("needs a currency for its amounts, and checks the range and rate", async () => {
    const ctx = await admin();
    await expect(createCommissionSlab({ ctx, input: { rateBps: 100 } })).rejects.toMatchObject({ details: { currency: "required" } });
    expect((await createCommissionSlab({ ctx, input: { currency: "INR", rateBps: 100 } })).currency).toBe("INR");
    await expect(createCommissionSlab({ ctx, input: { operatorCode: "GP", currency: "INR", rateBps: 100 } })).rejects.toMatchObject({ details: { currency: "must be BDT" } });
    await expect(createCommissionSlab({ ctx, input: { operatorCode: "GP", minAmount: "10", maxAmount: "5", rateBps: 100 } })).rejects.toMatchObject({ details: { maxAmount: "below minimum" } });
    await expect(createCommissionSlab({ ctx, input: { operatorCode: "GP", rateBps: 10_001 } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createCommissionSlab({ ctx, input: { operatorCode: "NOPE", rateBps: 1 } })).rejects.toMatchObject({ details: { operatorCode: "unknown operator" } });
  });
});

describe("rewards", () => {
  it("cashback offers: create, edit, switch off; state follows the window", async () => {
    const ctx = await admin();
    const now = Date.now();
    const offer = await createCashbackOffer({
      ctx,
      input: { name: "GP weekend", operatorCode: "GP", currency: "BDT", minAmount: "50", rateBps: 500, maxCashback: "20", maxPerAccount: 2, startsAt: new Date(now - 60_000), endsAt: new Date(now + 86_400_000) },
    });
    expect(offer).toMatchObject({ state: "live", minAmount: "50.00", maxCashback: "20.00" });
    const edited = await updateCashbackOffer({ ctx, input: { id: offer.id, offer: { ...offer, currency: "BDT" as const, operatorCode: "GP", startsAt: new Date(now + 3_600_000), endsAt: new Date(now + 7_200_000) } } });
    expect(edited.state).toBe("scheduled");
    expect((await setCashbackOfferActive({ ctx, input: { id: offer.id, active: false } })).state).toBe("inactive");
    expect((await listCashbackOffers(ctx, { state: "inactive" })).data.map((o) => o.id)).toContain(offer.id);
    expect((await listCashbackOffers(ctx, { state: "live" })).data.map((o) => o.id)).not.toContain(offer.id);
    await expect(createCashbackOffer({ ctx, input: { ...offer, currency: "BDT" as const, operatorCode: "GP", endsAt: new Date(now - 120_000), startsAt: new Date(now) } })).rejects.toMatchObject({ details: { endsAt: expect.any(String) } });
    await expect(createCashbackOffer({ ctx, input: { ...offer, operatorCode: "GP", currency: "INR" } })).rejects.toMatchObject({ details: { currency: "must be BDT" } });
    expect((await listAudit(ctx, { targetId: offer.id })).data.map((e) => e.action)).toEqual(["cashback_offer.deactivate", "cashback_offer.update", "cashback_offer.create"]);
  });

  it("reward levels: create, rename, keep keys and thresholds unique, delete", async () => {
    const ctx = await admin();
    const before = (await listRewardLevels(ctx)).length;
    const level = await createRewardLevel({ ctx, input: { key: "diamond", name: "Diamond", minPoints: "1000.50" } });
    expect(level).toMatchObject({ key: "diamond", minPoints: "1000.50" });
    await expect(createRewardLevel({ ctx, input: { key: "diamond", name: "Again", minPoints: "5" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(createRewardLevel({ ctx, input: { key: "other", name: "Other", minPoints: "1000.5" } })).rejects.toMatchObject({ code: "conflict", details: { minPoints: "taken" } });
    expect((await updateRewardLevel({ ctx, input: { id: level.id, key: "diamond", name: "Diamond+", minPoints: "2000" } })).name).toBe("Diamond+");
    expect(await listRewardLevels(ctx)).toHaveLength(before + 1);
    await deleteRewardLevel({ ctx, input: { id: level.id } });
    expect(await listRewardLevels(ctx)).toHaveLength(before);
  });
});
