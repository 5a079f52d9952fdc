import { test } from "@playwright/test";
import { basic, cli, newMerchant, sql } from "./api-helpers";
import { DEMO, expect, shot, signIn } from "./helpers";

test("an admin reconciles a provider's day, settles each difference and exports them", async ({ page, request }) => {
  const m = newMerchant("1000.00");
  const auth = { authorization: basic(m.api_key, m.api_secret) };
  const create = async (phone: string) => {
    const res = await request.post("/api/v1/recharges", { headers: auth, data: { reference: `REC-${phone}-${Date.now()}`, phone, operator: "GP", amount: "20.00", allow_duplicate: true } });
    expect(res.status()).toBe(201);
    const id = (await res.json()).id as string;
    await expect.poll(async () => (await (await request.get(`/api/v1/recharges/${id}`, { headers: auth })).json()).status, { timeout: 20_000 }).toMatch(/succeeded|failed/);
    return id;
  };
  const delivered = await create("01712345678");
  const failed = await create("01712345001");
  const [{ provider }] = await sql`SELECT provider FROM recharges WHERE id = ${failed}`;

  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  // The provider's books disagree with ours in three ways (simulator control needs the admin's session).
  const inject = async (body: Record<string, unknown>) => expect((await page.request.post(`/api/sim/providers/${provider}/differences`, { data: body })).status()).toBe(200);
  await inject({ kind: "performed", order_id: `${failed}-1` });
  await inject({ kind: "unknown", operator: "GP", amount: "50.00" });
  await inject({ kind: "float", amount: "-3.00" });

  await page.goto("/admin/reconciliation");
  await expect(page.getByRole("heading", { name: "Reconciliation", exact: true })).toBeVisible();
  await page.getByLabel("Provider", { exact: true }).selectOption(provider);
  await page.getByLabel("Day", { exact: true }).fill(new Date().toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: `${provider}` })).toContainText("3 differences");

  const rows = page.getByTestId("recon-difference");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "Provider performed it, we did not" })).toContainText(`${failed}-1`);
  await expect(rows.filter({ hasText: "Order we never sent" })).toContainText("50.00 BDT");
  await expect(rows.filter({ hasText: "Float drift" })).toContainText("-3.00 unexplained");
  await expect(page.getByTestId("recon-run").first()).toContainText("Differences");
  await expect(page.getByTestId("float-chart")).toBeVisible();
  await shot(page, "admin-reconciliation");

  // Recover the delivered-after-all recharge from the merchant's wallet.
  const before = (await sql`SELECT available::text FROM wallets WHERE account_id = ${m.account_id}`)[0].available as string;
  await rows.filter({ hasText: "Provider performed it, we did not" }).getByRole("button", { name: "Recover from wallet" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Recover from wallet" }).click();
  await expect(dialog.getByText("Give a reason (at least 3 characters).")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Operator confirmed the top-up arrived");
  await dialog.getByRole("button", { name: "Recover from wallet" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Resolved" })).toBeVisible();
  const after = (await sql`SELECT available::text FROM wallets WHERE account_id = ${m.account_id}`)[0].available as string;
  expect(BigInt(before) - BigInt(after)).toBe(2000n);

  // Dismiss the drift with a reason; the open list shrinks, the run's list keeps all three.
  await rows.filter({ hasText: "Float drift" }).getByRole("button", { name: "Dismiss" }).click();
  await dialog.getByLabel("Reason").fill("Monthly platform fee, invoiced");
  await dialog.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Dismissed" })).toBeVisible();
  await expect(rows).toHaveCount(3); // the run's view shows every state
  await expect(rows.filter({ hasText: "Resolved (recover)" })).toContainText("Operator confirmed the top-up arrived");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const csv = await (await import("node:fs/promises")).readFile(file, "utf8");
  expect(csv.split("\n")[0]).toContain("kind");
  expect(csv).toContain("provider_performed");
  expect(csv).toContain("Monthly platform fee, invoiced");

  await page.getByRole("button", { name: "All runs" }).click();
  await expect(rows).toHaveCount(1); // open only: the unknown order
  await shot(page, "admin-reconciliation-settled");

  expect(cli<{ ok: boolean }>("ledger", "check").ok).toBe(true);
  expect(delivered).toMatch(/^rch_/);
});
