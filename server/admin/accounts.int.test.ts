import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { signInWithPassword } from "@/server/auth/sign-in";
import { createCtx } from "@/server/context";
import { createCaller } from "@/server/trpc/root";
import { makeAccount } from "@/test/fixtures";
import { getAccountDetail, listAccounts, setAccountStatus } from "./accounts";
import { auditActions, listAudit } from "./audit";
import { adminOverview } from "./overview";

const admin = () => createCtx({ type: "cli" });

async function adminCaller() {
  const db = await getDb();
  return createCaller({ session: { user: { id: "usr_admin", email: "a@x.test", name: "A", role: "admin", accountId: null }, expires: "" }, requestId: "req-test", db });
}

describe("accounts", () => {
  it("lists accounts with balances, filters and keyset pages", async () => {
    const ctx = await admin();
    const a = await makeAccount({ credit: "150.00" });
    const b = await makeAccount({ type: "retailer", parentAccountId: a.account_id, credit: "5.50" });
    const first = await listAccounts(ctx, { limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.data[0].id).toBe(b.account_id);
    expect(first.data[0]).toMatchObject({ available: "5.50", held: "0.00", parentName: "Test Co", type: "retailer" });
    expect(first.nextCursor).toBeTruthy();
    const second = await listAccounts(ctx, { limit: 1, cursor: first.nextCursor! });
    expect(second.data[0]).toMatchObject({ id: a.account_id, available: "150.00" });
    expect((await listAccounts(ctx, { search: b.email })).data.map((r) => r.id)).toEqual([b.account_id]);
    expect((await listAccounts(ctx, { type: "merchant" })).data.every((r) => r.type === "merchant")).toBe(true);
  });

  it("refuses non-admins", async () => {
    const a = await makeAccount();
    const merchant = await createCtx({ type: "user", userId: a.user_id, role: "merchant", accountId: a.account_id });
    await expect(listAccounts(merchant, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(setAccountStatus({ ctx: merchant, input: { accountId: a.account_id, status: "suspended", reason: "no way" } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("suspension needs a reason, is audit-logged, and refuses the account's users at sign-in", async () => {
    const ctx = await admin();
    const a = await makeAccount();
    await expect(setAccountStatus({ ctx, input: { accountId: a.account_id, status: "suspended", reason: " " } })).rejects.toMatchObject({ code: "validation_failed", details: { reason: expect.any(String) } });
    const done = await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "suspended", reason: "Chargeback fraud" } });
    expect(done).toEqual({ id: a.account_id, status: "suspended", changed: true });
    expect((await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "suspended", reason: "again" } })).changed).toBe(false);
    const db = await getDb();
    expect(await signInWithPassword(db, { email: a.email, password: "password-123", ip: "127.0.0.9" })).toEqual({ ok: false, reason: "suspended" });
    const detail = await getAccountDetail(ctx, a.account_id);
    expect(detail).toMatchObject({ status: "suspended", statusChange: { action: "account.suspend", reason: "Chargeback fraud" } });
    const log = await db.select().from(auditLog).where(eq(auditLog.targetId, a.account_id));
    expect(log.filter((l) => l.action === "account.suspend")).toHaveLength(1);
    await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "active", reason: "Cleared" } });
    expect((await signInWithPassword(db, { email: a.email, password: "password-123", ip: "127.0.0.9" })).ok).toBe(true);
  });

  it("an unknown account is 404", async () => {
    const ctx = await admin();
    await expect(getAccountDetail(ctx, "acct_nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(setAccountStatus({ ctx, input: { accountId: "acct_nope", status: "suspended", reason: "why not" } })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the admin router", () => {
  it("requires a reason to credit or debit a wallet, then shows the balance and the audit entry", async () => {
    const caller = await adminCaller();
    const a = await makeAccount({ credit: "10.00" });
    await expect(caller.admin.accounts.adjustWallet({ accountId: a.account_id, amount: "5.00", direction: "credit", note: "" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const credited = await caller.admin.accounts.adjustWallet({ accountId: a.account_id, amount: "100.00", direction: "credit", note: "Bank deposit 42" });
    expect(credited.balance.available).toBe("110.00");
    const debited = await caller.admin.accounts.adjustWallet({ accountId: a.account_id, amount: "10.00", direction: "debit", note: "Correction" });
    expect(debited.balance.available).toBe("100.00");
    const log = await caller.admin.audit.list({ accountId: a.account_id, action: "wallet." });
    expect(log.data.map((e) => [e.action, e.details.note])).toEqual([
      ["wallet.debit", "Correction"],
      ["wallet.credit", "Bank deposit 42"],
    ]);
  });

  it("is closed to merchants", async () => {
    const a = await makeAccount();
    const caller = createCaller({ session: { user: { id: a.user_id, email: a.email, name: "M", role: "merchant", accountId: a.account_id }, expires: "" }, requestId: "r", db: await getDb() });
    await expect(caller.admin.accounts.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("audit log", () => {
  it("pages newest first and filters by action and account", async () => {
    const ctx = await admin();
    const a = await makeAccount();
    for (const reason of ["one", "two", "three"]) {
      await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "suspended", reason: `${reason} s` } });
      await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "active", reason: `${reason} r` } });
    }
    const p1 = await listAudit(ctx, { accountId: a.account_id, action: "account.suspend", limit: 2 });
    expect(p1.data.map((e) => e.details.reason)).toEqual(["three s", "two s"]);
    expect(p1.data[0]).toMatchObject({ actor: "cli", accountName: "Test Co" });
    const p2 = await listAudit(ctx, { accountId: a.account_id, action: "account.suspend", limit: 2, cursor: p1.nextCursor! });
    expect(p2.data.map((e) => e.details.reason)).toEqual(["one s"]);
    expect(p2.nextCursor).toBeNull();
    expect((await listAudit(ctx, { accountId: a.account_id, action: "account." })).data).toHaveLength(7);
    expect(await auditActions(ctx)).toEqual(expect.arrayContaining(["account.create", "account.reactivate", "account.suspend"]));
  });

  it("the overview counts suspended accounts", async () => {
    const ctx = await admin();
    const before = await adminOverview(ctx);
    const a = await makeAccount();
    await setAccountStatus({ ctx, input: { accountId: a.account_id, status: "suspended", reason: "test run" } });
    const after = await adminOverview(ctx);
    expect(after.accounts).toBe(before.accounts + 1);
    expect(after.suspended).toBe(before.suspended + 1);
  });
});
