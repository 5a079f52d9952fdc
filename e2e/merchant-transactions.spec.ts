import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "@playwright/test";
import { DEMO, expect, shots, signIn, zoneAwayFromMidnight } from "./helpers";

// A merchant watches its balance and figures, finds an order, reads its timeline and exports a filter as CSV.

// "Today" is the browser's calendar day: keep it clear of midnight while the spec runs.
test.use({ timezoneId: zoneAwayFromMidnight() });

const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${process.env.E2E_DATABASE ?? "refill_e2e"}`;
const run = Date.now().toString(36).toUpperCase();
const OK_REF = `E2E-OK-${run}`;
const FAIL_REF = `E2E-FAIL-${run}`;

/** Orders as the merchant's systems would place them, through the operator CLI (it runs their first step). */
function placeOrder(accountId: string, reference: string, phone: string, amount: string) {
  const out = execFileSync(
    "npx",
    ["tsx", "server/cli/main.ts", "recharge", "create", "--account", accountId, "--reference", reference, "--phone", phone, "--amount", amount, "--json"],
    { env: { ...process.env, DATABASE_URL, APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210" }, encoding: "utf8" },
  );
  return JSON.parse(out.slice(out.indexOf("{")));
}

test("overview figures, filters, the timeline drawer and a CSV export of a filter", async ({ page }) => {
  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  const whoami = await (await page.request.get("/api/trpc/me.whoami")).json();
  const accountId: string = whoami.result.data.json.account.id;
  expect(placeOrder(accountId, OK_REF, "01712345678", "24.00")).toMatchObject({ status: "succeeded" });
  expect(placeOrder(accountId, FAIL_REF, "01712345001", "26.00")).toMatchObject({ status: "failed" });

  await page.reload();
  await expect(page.getByTestId("balance-available")).toContainText("BDT");
  await expect(page.getByTestId("today-volume")).toHaveText("24.00 BDT");
  await expect(page.getByTestId("success-rate")).toHaveText("50%");
  await expect(page.getByTestId("median-completion")).not.toHaveText("—");
  await expect(page.getByRole("img", { name: /Succeeded volume per day over the last 14 days/ })).toBeVisible();
  await shots(page, "merchant-overview");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transactions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Transactions" })).toBeVisible();
  await expect(page.getByTestId(`txn-${OK_REF}`)).toContainText("Succeeded");
  await expect(page.getByTestId(`txn-${FAIL_REF}`)).toContainText("Failed");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByTestId(`txn-${OK_REF}`)).toBeHidden();
  await expect(page.getByTestId(`txn-${FAIL_REF}`)).toBeVisible();
  await shots(page, "merchant-transactions");

  await page.getByRole("button", { name: `Details of ${FAIL_REF}` }).click();
  const drawer = page.getByRole("dialog", { name: "Transaction" });
  await expect(drawer).toContainText("Please check the number and try again.");
  await expect(drawer.getByTestId("timeline")).toContainText("held");
  await expect(drawer.getByTestId("timeline")).toContainText("failed");
  await expect(drawer.getByTestId("provider-calls")).toContainText("Sent to the operator");
  // What the failure did to the balance: charged, then returned; no commission, no provider name.
  await expect(drawer.getByTestId("money-row")).toHaveText([/Charged.*−26\.00/, /Returned: the recharge failed.*\+26\.00/]);
  await expect(drawer).toContainText("Commission earned0.00 BDT");
  await expect(drawer).not.toContainText(/alpha|bravo|charlie|HTTP \d/);
  await shots(page, "merchant-transaction-drawer");
  await drawer.getByRole("button", { name: "Close" }).click();
  await expect(drawer).toBeHidden();

  // The export carries the filter: only failed orders.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^refill-transactions-failed.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("id,reference,created_at_utc,completed_at_utc,status,service,operator,phone,account,amount,currency,commission,failure_reason,operator_transaction_id,balance_before,balance_after,amount_returned,net_charged");
  expect(csv).toContain(`${FAIL_REF}`);
  expect(csv).toContain(',failed,mobile,GP,"=""01712345001""",,26.00,BDT,0.00,');
  // The failed order's money came back: returned 26.00, net charged 0.00; times say they are UTC.
  expect(csv.split("\r\n")[1]).toMatch(/,26\.00,0\.00$/);
  expect(csv.split("\r\n")[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
  expect(csv).not.toContain(OK_REF);

  // Reference search finds the one order.
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Reference").fill(OK_REF);
  await expect(page.getByTestId(`txn-${FAIL_REF}`)).toBeHidden();
  await expect(page.getByTestId(`txn-${OK_REF}`)).toBeVisible();
});
