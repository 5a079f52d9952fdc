import { type Browser, test } from "@playwright/test";
import { cli } from "./api-helpers";
import { DEMO, expect, shots, signIn } from "./helpers";

// Issue 15 item 11: an answered complaint and a refund reach the retailer in the app on the next
// visit; opening one marks it read on the server, so another browser shows it as read.

const password = "password-123";

async function retailerPage(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/retail$/);
  return page;
}

test("an answered complaint and a refund notify the retailer; opened in one browser, read in the next", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const email = `notices-${stamp}@e2e.test`;
  const shop = cli<{ account_id: string }>("account", "create", "--type", "retailer", "--name", "Notice Shop", "--email", email, "--password", password, "--currency", "BDT", "--credit", "200.00");
  const disputed = cli<{ id: string; status: string }>("recharge", "create", "--account", shop.account_id, "--reference", `NT-A-${stamp}`, "--phone", "01712345678", "--amount", "20.00");
  const refunded = cli<{ id: string; status: string }>("recharge", "create", "--account", shop.account_id, "--reference", `NT-B-${stamp}`, "--phone", "01712345679", "--amount", "30.00");
  expect([disputed.status, refunded.status]).toEqual(["succeeded", "succeeded"]);

  // The retailer disputes the first one.
  const first = await retailerPage(browser, email);
  const raised = await first.request.post("/api/trpc/retail.complaints.raise", { data: { json: { rechargeId: disputed.id, kind: "not_received", message: "Customer says nothing arrived" } } });
  expect(raised.ok()).toBe(true);

  // Meanwhile an admin answers the complaint in the queue, and the other order is refunded.
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/complaints");
  const row = page.getByTestId("complaint-row").filter({ hasText: `NT-A-${stamp}` });
  await row.getByRole("button", { name: "Refund" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this recharge?" });
  await dialog.getByLabel("Note to the account").fill("The operator confirmed it never arrived");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Complaint refunded" })).toBeVisible();
  cli("recharge", "refund", refunded.id, "--reason", "Sold twice by mistake");

  // The retailer's next visit: two new updates, titles on show, each opened on demand.
  await first.goto("/retail/history");
  const panel = first.getByTestId("notices");
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText("2 new updates on your recharges");
  const complaint = panel.getByTestId("notice").filter({ hasText: "Complaint answered: refunded" });
  const refund = panel.getByTestId("notice").filter({ hasText: "A recharge was refunded" });
  await expect(complaint.getByTestId("notice-state")).toHaveText("New");
  await expect(refund.getByTestId("notice-state")).toHaveText("New");
  await expect(complaint.getByTestId("notice-body")).toHaveCount(0);
  await shots(first, "retail-notices-new");

  await complaint.getByRole("button").click();
  await expect(complaint.getByTestId("notice-body")).toContainText(`NT-A-${stamp}`);
  await expect(complaint.getByTestId("notice-body")).toContainText("20.00 BDT is back in your balance. Support says: “The operator confirmed it never arrived”");
  await expect(complaint.getByTestId("notice-state")).toHaveText("Read");
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText("1 new update on your recharges");
  await shots(first, "retail-notices-opened");

  // A second browser (no shared storage): the opened one is read, the other still new.
  const second = await retailerPage(browser, email);
  const panel2 = second.getByTestId("notices");
  await expect(panel2.getByRole("heading", { level: 2 })).toHaveText("1 new update on your recharges");
  await expect(panel2.getByTestId("notice").filter({ hasText: "Complaint answered: refunded" }).getByTestId("notice-state")).toHaveText("Read");
  const refund2 = panel2.getByTestId("notice").filter({ hasText: "A recharge was refunded" });
  await expect(refund2.getByTestId("notice-state")).toHaveText("New");
  await refund2.getByRole("button").click();
  await expect(refund2.getByTestId("notice-body")).toContainText(`NT-B-${stamp}`);
  await expect(refund2.getByTestId("notice-body")).toContainText("30.00 BDT). The amount is back in your balance");

  // Everything read: the first browser, reloaded, says so in one line and still lists them on demand.
  await first.reload();
  await expect(first.getByTestId("notices")).toHaveCount(0);
  await expect(first.getByTestId("notices-read")).toContainText("No new updates on your recharges.");
  await first.getByRole("button", { name: "Show the last 2" }).click();
  await expect(first.getByTestId("notice-state")).toHaveText(["Read", "Read"]);
  await shots(first, "retail-notices-read");
  await first.context().close();
  await second.context().close();
});
