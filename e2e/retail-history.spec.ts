import { test } from "@playwright/test";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// History with filters and search, then a complaint on a recharge the customer says never arrived.

test("a retailer finds a recharge in History and raises a complaint that shows as being checked", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByLabel("Mobile number").fill("01712345699");
  await page.getByLabel(/^Amount/).fill("23");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Recharge 23 BDT" }).click();
  await expect(page.getByTestId("status-card").getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });

  await page.goto("/retail/history");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  await page.getByLabel("Number or reference").fill("1712345699");
  const table = page.getByRole("table", { name: "Recharge history" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("01712345699");
  await expect(table).toContainText("Succeeded");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByText("No recharge matches these filters.")).toBeVisible();
  await page.getByLabel("Status").selectOption("succeeded");
  await expect(table).toContainText("01712345699");
  await shots(page, "retail-history");

  await table.getByRole("button", { name: "Report a problem with 01712345699" }).click();
  const dialog = page.getByRole("dialog", { name: "Report a problem" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Raise complaint" }).click();
  await expect(dialog.locator("#complaint-message-error")).toHaveText("Tell us briefly what happened.");
  await dialog.getByLabel("What went wrong?").selectOption("not_received");
  await dialog.getByLabel("Details").fill("Customer checked at 10:40, balance unchanged.");
  await shot(page, "retail-complaint-dialog");
  await dialog.getByRole("button", { name: "Raise complaint" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Complaint raised" })).toBeVisible();
  await expect(dialog).toBeHidden();

  // A second one while the first is open is refused, with the server's reason.
  await table.getByRole("button", { name: "Report a problem with 01712345699" }).click();
  await dialog.getByLabel("Details").fill("Again");
  await dialog.getByRole("button", { name: "Raise complaint" }).click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "A complaint about this recharge is already open." })).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Complaints" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Complaints" })).toBeVisible();
  const complaints = page.getByRole("table", { name: "Complaints" });
  await expect(complaints).toContainText("01712345699");
  await expect(complaints).toContainText("Being checked");
  await expect(complaints).toContainText("Customer checked at 10:40, balance unchanged.");
  await shots(page, "retail-complaints");
});
