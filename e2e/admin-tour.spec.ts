import { test } from "@playwright/test";
import { cli, sql } from "./api-helpers";
import { DEMO, expect, shot, signIn } from "./helpers";

// Every admin page with data this spec seeds itself (so it needs no other spec to run first): the
// seeded account, recharge and complaint must show with their values. Runs in the desktop project and,
// with a phone's emulation (touch, mobile viewport, user agent), in the phone project.

const stamp = Date.now().toString(36).toUpperCase();
const NAME = `Tour Merchant ${stamp}`;
const REF = `TOUR-${stamp}`;
const SHOP_REF = `TOUR-SHOP-${stamp}`;
const COMPLAINT = `Tour ${stamp}: the customer says nothing arrived`;

let merchant: { account_id: string };
let recharge: { id: string; status: string };

test.beforeAll(() => {
  merchant = cli("account", "create", "--type", "merchant", "--name", NAME, "--email", `tour${stamp.toLowerCase()}@tour.test`, "--password", "password-123", "--currency", "BDT", "--credit", "750.00");
  recharge = cli("recharge", "create", "--account", merchant.account_id, "--reference", REF, "--phone", "01712345678", "--amount", "30.00");
  expect(recharge.status).toBe("succeeded");
});

test.beforeAll(async () => {
  const shop = cli<{ account_id: string }>("account", "create", "--type", "retailer", "--name", `Tour Shop ${stamp}`, "--email", `tourshop${stamp.toLowerCase()}@tour.test`, "--password", "password-123", "--currency", "BDT", "--parent", merchant.account_id, "--credit", "100.00");
  const shopOrder = cli<{ id: string }>("recharge", "create", "--account", shop.account_id, "--reference", SHOP_REF, "--phone", "01712345679", "--amount", "25.00");
  await sql`INSERT INTO complaints (id, account_id, recharge_id, kind, message) VALUES (${`cmp_tour_${stamp}`}, ${shop.account_id}, ${shopOrder.id}, 'not_received', ${COMPLAINT})`;
});

const PAGES: Array<{ path: string; name: string; heading: string | RegExp; shows: (page: import("@playwright/test").Page) => Promise<void> }> = [
  {
    path: "/admin",
    name: "overview",
    heading: "Admin overview",
    shows: async (page) => expect(page.getByTestId("stat-open-complaints")).toHaveText(/^[1-9]\d*$/),
  },
  {
    path: "/admin/accounts",
    name: "accounts",
    heading: "Accounts",
    shows: async (page) => {
      await page.getByLabel("Search").fill(NAME);
      const row = page.getByTestId("account-row").filter({ hasText: NAME });
      await expect(row).toHaveCount(1);
      // 750.00 − 30.00 + 0.30 commission (the shop's 100.00 was credited by the CLI, not taken from it)
      await expect(row).toContainText("720.30");
    },
  },
  {
    path: `/admin/recharges?reference=${REF}`,
    name: "recharges",
    heading: "Recharges",
    shows: async (page) => {
      const rows = page.getByTestId("recharge-row");
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(REF);
      await expect(rows.first()).toContainText(NAME);
      await expect(rows.first()).toContainText("30.00 BDT");
      await expect(rows.first()).toContainText(/succeeded/i);
    },
  },
  {
    path: "/admin/complaints",
    name: "complaints",
    heading: "Complaints",
    shows: async (page) => {
      const row = page.getByTestId("complaint-row").filter({ hasText: COMPLAINT });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(SHOP_REF);
      await expect(row).toContainText("25.00 BDT");
    },
  },
  {
    path: "/admin/providers",
    name: "providers",
    heading: "Providers",
    shows: async (page) => {
      for (const name of ["alpha", "bravo", "charlie"]) await expect(page.getByTestId(`health-${name}`)).toBeVisible();
    },
  },
  { path: "/admin/providers/alpha", name: "provider-detail", heading: "Provider alpha", shows: async () => {} },
  { path: "/admin/catalog", name: "catalog", heading: "Catalog", shows: async (page) => expect(page.getByText("Grameenphone").first()).toBeVisible() },
  { path: "/admin/catalog/commissions", name: "commissions", heading: "Catalog", shows: async () => {} },
  { path: "/admin/rewards", name: "rewards", heading: "Rewards", shows: async (page) => expect(page.getByTestId("level-row").first()).toBeVisible() },
  { path: "/admin/audit", name: "audit", heading: "Audit log", shows: async () => {} },
];

test("every admin page renders its data", async ({ page }, info) => {
  test.setTimeout(90_000);
  const device = info.project.name;
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  for (const p of PAGES) {
    await page.goto(p.path);
    await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("alert").filter({ hasText: /went wrong|Could not/ })).toHaveCount(0);
    await p.shows(page);
    if (device === "phone") await expect(page.getByRole("navigation", { name: "Admin sections" })).toBeVisible();
    await shot(page, `admin-${p.name}-${device}`);
  }
  // Detail pages reached by clicking through, as a person would.
  await page.goto("/admin/accounts");
  await page.getByLabel("Search").fill(NAME);
  await page.getByTestId("account-row").filter({ hasText: NAME }).getByRole("link", { name: NAME }).click();
  await expect(page.getByTestId("account-available")).toContainText("720.30");
  await page.waitForLoadState("networkidle");
  await shot(page, `admin-account-detail-${device}`);
  await page.goto(`/admin/recharges?reference=${REF}`);
  await page.getByTestId("recharge-row").getByRole("link", { name: REF }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/recharges/${recharge.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: /^Recharge / })).toBeVisible();
  await expect(page.getByText("30.00").first()).toBeVisible();
  await expect(page.getByText("01712345678").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await shot(page, `admin-recharge-detail-${device}`);
});
