import { test } from "@playwright/test";
import { DEMO, expect, shots, signIn } from "./helpers";

// Issue #15 items 4 and 20: a BDT wallet has Bangladeshi DTH and billers, and a paid bill shows as paid.

test("a BDT retailer recharges Akash DTH and pays a DESCO bill; fetching it again shows it paid, with its receipt", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.goto("/retail/bills");
  await expect(page.getByRole("heading", { level: 1, name: "DTH & bills" })).toBeVisible();

  // DTH is no dead end: Akash, its subscriber id format, its packs.
  await expect(page.getByLabel("Operator").locator("option")).toContainText(["Choose…", "Akash DTH"]);
  await page.getByLabel("Operator").selectOption({ label: "Akash DTH" });
  await page.getByLabel("Subscriber ID (10 digits)").fill("12345");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await expect(page.locator("#account-error")).toHaveText("This is not a valid Subscriber ID (10 digits) for Akash DTH.");
  await page.getByLabel("Subscriber ID (10 digits)").fill("১২৩৪৫৬৭৮৯০");
  await expect(page.getByLabel("Subscriber ID (10 digits)")).toHaveValue("1234567890");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await page.getByTestId("plan").filter({ hasText: "Akash Family HD" }).filter({ hasText: "30 days" }).click();
  await expect(page.getByLabel("Amount to pay")).toHaveValue("550.00");
  await shots(page, "bd-dth-akash");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Pay 550.00 BDT" }).click();
  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });

  // Bills: the Bangladeshi billers, each with its account format.
  await card.getByRole("button", { name: "New recharge" }).click();
  await page.getByRole("radio", { name: "Utility bills" }).click();
  const billers = page.getByLabel("Biller");
  for (const name of ["DESCO postpaid electricity (Dhaka)", "DESCO prepaid electricity (Dhaka)", "DPDC postpaid electricity (Dhaka)", "NESCO prepaid electricity (Rajshahi, Rangpur)", "Dhaka WASA water", "Titas Gas"]) {
    await expect(billers.locator("option", { hasText: name })).toHaveCount(1);
  }
  await billers.selectOption({ label: "DESCO postpaid electricity (Dhaka)" });
  await page.getByLabel("Account Number (8 digits)").fill("55500037");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  const due = (await page.getByTestId("amount-due").innerText()).replace(" BDT", "");
  expect(due).toMatch(/^\d+\.\d{2}$/);
  await expect(page.getByLabel("Amount to pay")).toHaveValue(due);
  await shots(page, "bd-bill-desco-due");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("bill-cost")).toContainText("Your commission");
  await page.getByRole("button", { name: `Pay ${due} BDT` }).click();
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Bill paid", { timeout: 20_000 });

  // The same bill again: shown as paid, not as due, and paying twice takes a deliberate step.
  await card.getByRole("button", { name: "New payment" }).click();
  await page.getByRole("radio", { name: "Utility bills" }).click();
  await page.getByLabel("Biller").selectOption({ label: "DESCO postpaid electricity (Dhaka)" });
  await page.getByLabel("Account Number (8 digits)").fill("55500037");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await expect(page.getByTestId("amount-due")).toHaveText("Paid");
  await expect(page.getByTestId("bill-paid")).toContainText(`This bill is already paid: ${due} BDT on`);
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);
  await expect(page.getByLabel("Amount to pay")).toHaveCount(0);
  await shots(page, "bd-bill-desco-paid");
  await page.getByRole("button", { name: "Pay again anyway" }).click();
  await expect(page.getByLabel("Amount to pay")).toBeVisible();
  await page.getByTestId("bill-paid").getByRole("link", { name: "See the receipt" }).click();
  await expect(page).toHaveURL(/\/retail\/receipt\/rch_/);
  await expect(page.getByRole("article", { name: "Receipt" })).toContainText("55500037");
});
