// The USDT top-up journey (issue #12): a merchant asks for an address, pays (the chain simulator stands
// in for the network), watches it confirm and sees exactly what arrived credited, with the
// under-payment explained; an admin then resolves the flag. Screenshots at desktop and phone width.
import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

const PHONE = { width: 412, height: 915 };
const money = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

test("a merchant tops up by USDT: address with QR and countdown, confirming, credited as received, flag explained; an admin resolves it", async ({ page: merchantPage, browser }) => {
  let page = merchantPage;
  // The chain simulator is controlled by an admin (API.md §7): the payment comes from the admin's session.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  const request = admin.request;
  expect((await page.request.post("/api/sim/chain/blocks", { data: { count: 1 } })).status()).toBe(401);

  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByTestId("balance-available")).toContainText("BDT");
  const before = money(await page.getByTestId("balance-available").textContent());

  await page.getByRole("link", { name: "Top up" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Top up" })).toBeVisible();
  await expect(page.getByText("Rate now: 1 USDT = 121.50 BDT")).toBeVisible();
  // Bad input is refused on the spot.
  await page.getByLabel("Amount (USDT)").fill("12.34567");
  await page.getByRole("button", { name: "Get deposit address" }).click();
  await expect(page.getByText("Enter a positive USDT amount with at most 4 decimals.")).toBeVisible();

  await page.getByLabel("Amount (USDT)").fill("25");
  await expect(page.getByText("about 3037.50 BDT")).toBeVisible();
  await page.getByRole("button", { name: "Get deposit address" }).click();
  const status = page.getByTestId("deposit-status");
  await expect(status).toHaveAttribute("data-status", "awaiting_payment");
  const address = (await page.getByTestId("deposit-address").textContent())!.trim();
  expect(address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
  await expect(page.getByRole("img", { name: "QR code of the deposit address" }).locator("svg")).toBeVisible();
  await expect(page.getByTestId("deposit-countdown")).toHaveText(/^(59|60):\d\d$/);
  await expect(page.getByRole("button", { name: "Copy address" })).toBeVisible();
  await shot(page, "topup-address-desktop");
  await page.setViewportSize(PHONE);
  await shot(page, "topup-address-phone");
  await page.setViewportSize({ width: 1280, height: 900 });

  // 20 USDT arrive (5 short), seen in a block: confirming.
  const sent = await request.post("/api/sim/chain/transfers", { data: { address, amount: "20", confirmations: 1 } });
  expect(sent.status()).toBe(201);
  await expect(status).toHaveAttribute("data-status", "confirming");
  await expect(page.getByText("20.0000 USDT seen on the network · 1 of 19 confirmations")).toBeVisible();
  await shot(page, "topup-confirming-desktop");

  // The network moves on: credited, exactly what arrived, at the rate in force.
  expect((await request.post("/api/sim/chain/blocks", { data: { count: 20 } })).status()).toBe(200);
  await expect(status).toHaveAttribute("data-status", "credited");
  await expect(page.getByTestId("deposit-credited")).toHaveText("2430.00 BDT credited to your wallet");
  await expect(page.getByTestId("deposit-flags")).toContainText("Less arrived than the order asked for (20.0000 of 25.0000 USDT)");
  const row = page.getByTestId(/^deposit-row-web-/).first();
  await expect(row).toContainText("Credited");
  await expect(row).toContainText("Under-paid");
  await shot(page, "topup-credited-desktop");
  await page.setViewportSize(PHONE);
  await shot(page, "topup-credited-phone");
  await page.setViewportSize({ width: 1280, height: 900 });

  // A duplicate notification from the watcher changes nothing.
  const list = await request.get("/api/sim/chain/transfers");
  const tx = ((await list.json()) as { transfers: Array<{ tx_hash: string; address: string }> }).transfers.find((t) => t.address === address)!;
  expect((await request.post(`/api/sim/chain/transfers/${tx.tx_hash}/notify`, { data: { times: 3 } })).status()).toBe(200);
  await page.goto("/merchant");
  await expect(page.getByTestId("balance-available")).toHaveText(new RegExp(`^${(before + 2430).toFixed(2)}\\s*BDT$`));

  // The admin sees the flag and resolves it with a reason.
  await page.close();
  page = admin;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/admin/deposits?flag=underpaid");
  await expect(page.getByTestId("usdt-rates")).toContainText("1 USDT = 121.50 BDT");
  const adminRow = page.getByTestId(/^admin-deposit-web-/).first();
  await expect(adminRow).toContainText("Under-paid");
  await adminRow.getByRole("button", { name: "Resolve" }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve this deposit" });
  await dialog.getByLabel("Reason").fill("Customer told; will send the rest");
  await dialog.getByRole("button", { name: "Mark resolved" }).click();
  await expect(adminRow).toContainText("Reviewed: Customer told; will send the rest");
  await shot(page, "admin-deposits-desktop");
  await page.setViewportSize(PHONE);
  await shot(page, "admin-deposits-phone");
});
