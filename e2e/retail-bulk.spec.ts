import { readFileSync } from "node:fs";
import { test } from "@playwright/test";
import { DEMO, expect, shots, signIn } from "./helpers";

// A file of numbers: checked row by row on the server, the valid rows run in the background, results as CSV.

const CSV = ["number,amount,operator", "01712345678,21,", "01812345001,22,", "0171234,20,", "01912345678,5,", "01612345678,40,GP"].join("\n");

test("a retailer uploads a CSV, sees per-row checks, submits, follows the progress and downloads the results", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.goto("/retail/bulk");
  await expect(page.getByRole("heading", { level: 1, name: "Bulk recharge" })).toBeVisible();
  await expect(page.getByTestId("balance-available")).toContainText("BDT");
  const before = Math.round(Number(/[\d.]+/.exec(await page.getByTestId("balance-available").innerText())![0]) * 100);

  await page.getByLabel("CSV file").setInputFiles({ name: "today.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.getByRole("heading", { name: "Preview of today.csv" })).toBeVisible();
  await expect(page.getByText("2 ready · 3 with problems · total 43.00 BDT")).toBeVisible();
  await expect(page.getByTestId("preview-row-2")).toContainText("Ready");
  await expect(page.getByTestId("preview-row-3")).toContainText("Ready");
  await expect(page.getByTestId("preview-row-4")).toContainText("The phone number is not valid.");
  await expect(page.getByTestId("preview-row-5")).toContainText("Banglalink takes 10–1000 BDT");
  await expect(page.getByTestId("preview-row-6")).toContainText("does not belong to Grameenphone");
  await shots(page, "retail-bulk-preview");

  await page.getByRole("button", { name: "Recharge 2 numbers (43.00 BDT)" }).click();
  const progress = page.getByTestId("bulk-progress");
  await expect(progress.getByRole("progressbar")).toBeVisible();
  await expect(progress).toContainText("All done", { timeout: 30_000 });
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
  await expect(page.getByTestId("bulk-counts")).toContainText("1 succeeded · 1 failed · 0 in progress");
  await expect(page.getByTestId("result-row-2")).toContainText("Succeeded");
  await expect(page.getByTestId("result-row-3")).toContainText("Please check the number and try again.");
  await expect(page.getByTestId("result-row-4")).toContainText("Not sent");
  await expect(page.getByTestId("balance-available")).toHaveText(`${((before - 2100 + 21) / 100).toFixed(2)} BDT`);
  await shots(page, "retail-bulk-results");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download results (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^bulk-bulk_\w+-results\.csv$/);
  const lines = readFileSync((await download.path())!, "utf8").trim().split(/\r?\n/);
  expect(lines[0]).toBe("row,number,operator,amount,result,detail,recharge_id,operator_transaction_id");
  expect(lines).toHaveLength(6);
  expect(lines[1]).toMatch(/^2,01712345678,GP,21\.00,succeeded,,rch_\w+,\w+$/);
  expect(lines[2]).toMatch(/^3,01812345001,RB,22\.00,failed,Please check the number and try again\.,rch_\w+,$/);
  expect(lines[3]).toContain("not_sent");

  // The batch stays listed, and reopens from the server.
  await page.reload();
  const list = page.getByRole("table", { name: "Recent bulk batches" });
  await expect(list).toContainText("today.csv");
  await expect(list).toContainText("1 succeeded · 1 failed · 0 in progress");
  await shots(page, "retail-bulk-list");

  // Reopened later, the batch still has its title and the rows its file had that were not sent, with why.
  await page.getByRole("button", { name: "View batch today.csv" }).first().click();
  await expect(page.getByRole("heading", { name: "Batch progress: today.csv" })).toBeVisible();
  await expect(page.getByTestId("bulk-counts")).toContainText("1 succeeded · 1 failed · 0 in progress");
  await expect(page.getByTestId("result-row-4")).toContainText("The phone number is not valid.");
  await expect(page.getByTestId("result-row-5")).toContainText("Banglalink takes 10–1000 BDT");
  const [again] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download results (CSV)" }).click()]);
  const reopened = readFileSync((await again.path())!, "utf8").trim().split(/\r?\n/);
  expect(reopened).toHaveLength(6);
  expect(reopened[3]).toMatch(/^4,0171234,.*not_sent,The phone number is not valid\./);
});

test("Bengali digits and headers in a file; a repeat within the operator's window is explained and can be sent anyway", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.goto("/retail/bulk");
  const upload = (name: string, csv: string) => page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await upload("bangla.csv", "মোবাইল নম্বর,টাকা\n০১৭১২৩৪৫৬৬০,২৫\n");
  await expect(page.getByRole("heading", { name: "Preview of bangla.csv" })).toBeVisible();
  await expect(page.getByTestId("preview-row-2")).toContainText("01712345660");
  await expect(page.getByTestId("preview-row-2")).toContainText("Ready");
  await page.getByRole("button", { name: "Recharge 1 number (25.00 BDT)" }).click();
  await expect(page.getByTestId("bulk-progress")).toContainText("All done", { timeout: 30_000 });

  await upload("bangla-again.csv", "মোবাইল নম্বর,টাকা\n০১৭১২৩৪৫৬৬০,২৫\n");
  await expect(page.getByRole("heading", { name: "Preview of bangla-again.csv" })).toBeVisible();
  const row = page.getByTestId("preview-row-2");
  await expect(row).toContainText("This number got the same amount a few minutes ago");
  await expect(page.getByRole("button", { name: /Recharge 0 numbers/ })).toBeDisabled();
  await shots(page, "retail-bulk-duplicate");
  await row.getByLabel("Send anyway").check();
  await page.getByRole("button", { name: "Recharge 1 number (25.00 BDT)" }).click();
  await expect(page.getByRole("heading", { name: "Batch progress: bangla-again.csv" })).toBeVisible();
  await expect(page.getByTestId("bulk-progress")).toContainText("All done", { timeout: 30_000 });
  await expect(page.getByTestId("bulk-counts")).toContainText("1 succeeded · 0 failed · 0 in progress");
});
