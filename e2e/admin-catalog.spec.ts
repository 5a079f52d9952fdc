import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

test("an admin edits an operator's amount limit and duplicate window", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/catalog");
  await page.getByLabel("Search").fill("TT");
  const row = page.getByTestId("operator-TT");
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Edit TT" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit TT" });
  const min = await dialog.getByLabel("Minimum amount").inputValue();
  await dialog.getByLabel("Maximum amount").fill("1.00");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("The maximum can't be below the minimum.")).toBeVisible();
  await dialog.getByLabel("Maximum amount").fill("900.00");
  await dialog.getByLabel("Duplicate window (seconds)").fill("90");
  await shot(page, "admin-operator-edit");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "TT saved" })).toBeVisible();
  await expect(page.getByTestId("limits-TT")).toContainText(`${min} – 900.00 BDT`);
  await expect(row).toContainText("90 s");

  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("operator.update");
  await expect(page.getByTestId("audit-row").first()).toContainText("maxAmount");
  await expect(page.getByTestId("audit-row").first()).toContainText('"900.00"');
});

test("an admin adds a commission slab, a cashback offer and a reward level", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/catalog/commissions");
  await page.getByRole("button", { name: "New slab" }).click();
  const slab = page.getByRole("dialog", { name: "New commission slab" });
  await slab.getByLabel("Operator code").fill("TT");
  await slab.getByLabel("Rate (bps)").fill("150");
  await slab.getByLabel("From amount").fill("50");
  await slab.getByLabel("Up to amount").fill("500");
  await slab.getByRole("button", { name: "Save slab" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Slab added" })).toBeVisible();
  await expect(page.getByTestId("slab-row").filter({ hasText: "TT" })).toContainText("50.00 – 500.00 BDT");
  await expect(page.getByTestId("slab-row").filter({ hasText: "TT" })).toContainText("1.50%");

  await page.goto("/admin/rewards");
  await page.getByRole("button", { name: "New offer" }).click();
  const offer = page.getByRole("dialog", { name: "New cashback offer" });
  await offer.getByLabel("Name").fill("Weekend GP cashback");
  await offer.getByLabel("Operator code").fill("GP");
  await offer.getByLabel("Cashback rate (bps)").fill("200");
  // Starting next year, so it pays nothing to the other journeys' recharges.
  const nextYear = new Date().getFullYear() + 1;
  await offer.getByLabel("Starts").fill(`${nextYear}-01-01T00:00`);
  await offer.getByLabel("Ends").fill(`${nextYear}-01-31T00:00`);
  await offer.getByRole("button", { name: "Save offer" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Offer created" })).toBeVisible();
  await expect(page.getByTestId("offer-row").filter({ hasText: "Weekend GP cashback" })).toContainText("Scheduled");

  await page.getByRole("button", { name: "New level" }).click();
  const level = page.getByRole("dialog", { name: "New reward level" });
  await level.getByLabel("Name").fill("Diamond");
  await level.getByLabel("Key").fill("Diamond!");
  await level.getByLabel("From points").fill("1000");
  await level.getByRole("button", { name: "Save level" }).click();
  await expect(level.getByText("Lowercase letters, digits, - and _ only.")).toBeVisible();
  await level.getByLabel("Key").fill("diamond");
  await level.getByRole("button", { name: "Save level" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Level added" })).toBeVisible();
  await expect(page.getByTestId("level-row").filter({ hasText: "Diamond" })).toContainText("from 1000.00 points");
});
