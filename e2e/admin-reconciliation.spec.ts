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

test("an admin pages through a provider's runs and a run's differences, filtered by state, and exports all of them", async ({ page }) => {
  // Seeded straight into the tables (a run per day is slow to make for real): 25 old runs of one
  // provider, the oldest with 30 differences (27 open, 2 resolved, 1 dismissed).
  const [{ provider }] = await sql`SELECT name AS provider FROM providers ORDER BY name LIMIT 1`;
  const stamp = Date.now();
  const day = (i: number) => `2020-02-${String(i + 1).padStart(2, "0")}`;
  const runIds = Array.from({ length: 25 }, (_, i) => `rcr_e2epage${stamp}_${i}`);
  for (const [i, id] of runIds.entries()) {
    await sql`INSERT INTO recon_runs (id, provider, day, period_start, period_end, trigger, status, differences, started_at, finished_at)
      VALUES (${id}, ${provider}, ${day(i)}, ${`${day(i)}T00:00:00Z`}, ${`${day(i)}T23:59:59Z`}, 'cli', 'completed', ${i === 0 ? 30 : 0}, ${`${day(i)}T01:00:00Z`}, ${`${day(i)}T01:00:05Z`})`;
  }
  const label = (i: number) => `Seeded difference #${String(i).padStart(2, "0")}`;
  for (let i = 0; i < 30; i++) {
    const state = i < 27 ? "open" : i < 29 ? "resolved" : "dismissed";
    await sql`INSERT INTO recon_differences (id, run_id, last_run_id, provider, kind, subject, amount, currency, summary, state, resolution, reason, settled_by, settled_at, created_at)
      VALUES (${`rcd_e2epage${stamp}_${i}`}, ${runIds[0]}, ${runIds[0]}, ${provider}, 'unknown_order', ${`e2epage-${stamp}-${i}`}, ${1000 + i}, 'BDT', ${label(i)}, ${state},
        ${state === "resolved" ? "write_off" : null}, ${state === "open" ? null : `Settled in paging test ${i}`}, ${state === "open" ? null : "admin@refill.test"},
        ${state === "open" ? null : new Date()}, ${new Date(Date.parse("2020-02-01T02:00:00Z") + i * 1000)})`;
  }
  const [{ total }] = await sql`SELECT count(*)::int AS total FROM recon_runs WHERE provider = ${provider}`;
  expect(total).toBeGreaterThan(20);
  expect(total).toBeLessThanOrEqual(40);

  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/reconciliation");
  await page.getByLabel("Provider", { exact: true }).selectOption(provider);

  // Runs: 20 a page, newest first; the oldest seeded day is on page 2 and nowhere on page 1.
  const runs = page.getByTestId("recon-run");
  const runPages = page.getByRole("navigation", { name: "Runs pages" });
  await expect(runs).toHaveCount(20);
  await expect(runPages).toContainText("Page 1");
  await expect(runPages.getByRole("button", { name: "← Previous" })).toBeDisabled();
  await expect(runs.filter({ hasText: day(0) })).toHaveCount(0);
  const firstOnPageOne = await runs.first().textContent();
  await runPages.getByRole("button", { name: "Next →" }).click();
  await expect(runPages).toContainText("Page 2");
  await expect(runs).toHaveCount(total - 20);
  await expect(runPages.getByRole("button", { name: "Next →" })).toBeDisabled();
  await expect(runs.last()).toContainText(day(0));
  await expect(runs.filter({ hasText: day(24) })).toHaveCount(0);
  await runPages.getByRole("button", { name: "← Previous" }).click();
  await expect(runPages).toContainText("Page 1");
  await expect(runs.first()).toHaveText(firstOnPageOne ?? "");
  await runPages.getByRole("button", { name: "Next →" }).click();
  await runs.filter({ hasText: day(0) }).getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Differences found by this run" })).toBeVisible();

  // The run's differences, every state: 25 a page, newest first, then the last 5.
  const rows = page.getByTestId("recon-difference");
  const diffPages = page.getByRole("navigation", { name: "Differences pages" });
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(label(29));
  await expect(rows.last()).toContainText(label(5));
  await diffPages.getByRole("button", { name: "Next →" }).click();
  await expect(diffPages).toContainText("Page 2");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText(label(4));
  await expect(rows.last()).toContainText(label(0));
  await shot(page, "admin-reconciliation-paging");

  // The whole run exports, not the page on screen.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = await (await import("node:fs/promises")).readFile((await (await download).path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines).toHaveLength(31);
  for (let i = 0; i < 30; i++) expect(csv).toContain(label(i));

  // A state filter starts again at page 1: 27 open (25 + 2), 2 resolved, 1 dismissed (one page, no pager).
  const show = page.getByLabel("Show", { exact: true });
  await show.selectOption("open");
  await expect(diffPages).toContainText("Page 1");
  await expect(rows).toHaveCount(25);
  await expect(rows.filter({ hasText: "Resolved (" })).toHaveCount(0);
  await diffPages.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(label(1));
  await expect(rows.last()).toContainText(label(0));
  await show.selectOption("resolved");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("Resolved (write off)");
  await expect(rows.first()).toContainText(label(28));
  await expect(diffPages).toHaveCount(0);
  await show.selectOption("dismissed");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Settled in paging test 29");
  await expect(diffPages).toHaveCount(0);
});
