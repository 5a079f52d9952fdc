import { readFileSync } from "node:fs";
import { test } from "@playwright/test";
import { basic, cli, newMerchant } from "./api-helpers";
import { expect, shots, signIn } from "./helpers";

// A merchant follows every taka of a day on its wallet page, downloads the day's statement, and its
// systems read the same statement from GET /api/v1/statements (issue #15 item 8, issue #13 item 5).

const run = Date.now().toString(36).toUpperCase();
const OK_REF = `W-OK-${run}`;
const FAIL_REF = `W-FAIL-${run}`;
const today = () => new Date().toISOString().slice(0, 10);

test("the wallet page explains every movement of the day, and the statement CSV and API add up to the balance", async ({ page, request }) => {
  test.setTimeout(120_000);
  const m = newMerchant("1000.00");
  expect(cli("recharge", "create", "--account", m.account_id, "--reference", OK_REF, "--phone", "01712345678", "--amount", "24.00")).toMatchObject({ status: "succeeded" });
  expect(cli("recharge", "create", "--account", m.account_id, "--reference", FAIL_REF, "--phone", "01712345001", "--amount", "26.00")).toMatchObject({ status: "failed" });
  cli("wallet", "credit", "--account", m.account_id, "--amount", "12.50", "--note", "bank transfer 4411");

  const api = await request.get(`/api/v1/statements?date=${today()}`, { headers: { authorization: basic(m.api_key, m.api_secret) } });
  expect(api.status()).toBe(200);
  const statement = await api.json();
  const balance = await (await request.get("/api/v1/balance", { headers: { authorization: basic(m.api_key, m.api_secret) } })).json();
  expect(statement).toMatchObject({ date: today(), timezone: "UTC", currency: "BDT", opening_balance: "0.00", closing_balance: balance.available });
  const commission = statement.movements.find((x: { type: string }) => x.type === "commission");
  expect(statement.movements.map((x: { type: string; amount: string }) => [x.type, x.amount])).toEqual([
    ["initial_credit", "1000.00"],
    ["recharge", "-24.00"],
    ["commission", commission.amount],
    ["recharge", "-26.00"],
    ["recharge_returned", "26.00"],
    ["admin_credit", "12.50"],
  ]);
  // Bad input: the API.md error shape, nothing else.
  const bad = await request.get("/api/v1/statements?date=yesterday", { headers: { authorization: basic(m.api_key, m.api_secret) } });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", details: { date: "Use a date like 2026-01-31." } } });

  await signIn(page, m.email, "password-123");
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wallet" }).click();
  await expect(page).toHaveURL(/\/merchant\/wallet$/);
  await expect(page.getByTestId("opening-balance")).toHaveText("0.00 BDT");
  await expect(page.getByTestId("closing-balance")).toHaveText(`${balance.available} BDT`);
  await expect(page.getByTestId("total-recharges")).toHaveText("-24.00 BDT");
  await expect(page.getByTestId("total-commission")).toHaveText(`${commission.amount} BDT`);
  await expect(page.getByTestId("total-funding")).toHaveText("1012.50 BDT");
  const rows = page.getByTestId("movement-row");
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(1)).toContainText(`Recharge · ${OK_REF} · 01712345678`);
  await expect(rows.nth(1)).toContainText("−24.00");
  await expect(rows.nth(1)).toContainText("976.00");
  await expect(rows.nth(2)).toContainText(`Commission earned · ${OK_REF}`);
  await expect(rows.nth(4)).toContainText(`Recharge failed: amount returned · ${FAIL_REF}`);
  await expect(rows.nth(4)).toContainText("+26.00");
  await expect(rows.nth(5)).toContainText("Credit by Refill · bank transfer 4411");
  await expect(rows.nth(5)).toContainText(balance.available);
  await shots(page, "wallet-merchant", { keepToasts: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download statement (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe(`refill-statement-${today()}.csv`);
  const lines = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("date,time_utc,type,description,reference,phone,recharge_id,deposit_id,amount,balance_after,currency");
  expect(lines[1]).toBe(`${today()},00:00:00,opening_balance,Opening balance,,,,,,0.00,BDT`);
  expect(lines.find((l) => l.includes(`,recharge_returned,`))).toContain(`,${FAIL_REF},"=""01712345001""",`);
  expect(lines.at(-1)).toBe(`${today()},24:00:00,closing_balance,Closing balance,,,,,,${balance.available},BDT`);
  expect(lines).toHaveLength(9);

  // A day with nothing in it.
  await page.getByLabel("Day (UTC)").fill("2024-01-02");
  await expect(page.getByText("No money moved on this day.")).toBeVisible();
  await expect(page.getByTestId("closing-balance")).toHaveText("0.00 BDT");
});
