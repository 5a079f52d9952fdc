import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "@playwright/test";
import { cli } from "./api-helpers";
import { DEMO, expect, shots, signIn } from "./helpers";

// Webhooks against a real receiver on this machine: save the endpoint, send a test, read the log, redeliver.

type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let answer = 200;
let server: Server;
let url: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "thanks" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/refill/hooks`;
});
test.afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

test("a merchant sets an endpoint, reveals and rotates the secret, sends a test event and redelivers it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto("/merchant/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  await page.getByLabel("Endpoint URL").fill("ftp://example.com/hooks");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#webhook-url-error")).toContainText("http or https");
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Webhook endpoint saved" })).toBeVisible();

  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("webhook-secret").innerText();
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  await page.getByRole("dialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Signing secret rotated" })).toBeVisible();
  await expect(page.getByTestId("webhook-secret")).not.toHaveText(secret);

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Test event delivered" })).toContainText("HTTP 200");
  expect(received).toHaveLength(1);
  expect(received[0].headers["webhook-signature"]).toMatch(/^v1,/);
  expect(JSON.parse(received[0].body)).toMatchObject({ type: "test.ping" });

  const row = page.getByTestId("delivery-test.ping").first();
  await expect(row).toContainText("Delivered");
  await shots(page, "merchant-webhooks");

  await row.getByRole("button", { name: "Details of test.ping delivery" }).click();
  const drawer = page.getByRole("dialog", { name: "Webhook delivery" });
  await expect(drawer.getByTestId("attempts")).toContainText("HTTP 200");
  await expect(drawer.getByTestId("attempts")).toContainText("thanks");
  // The receiver goes down: a redelivery reports it, with the same message id.
  answer = 500;
  await drawer.getByRole("button", { name: "Redeliver now" }).click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "Redelivery not accepted" })).toContainText("HTTP 500");
  await expect(drawer.getByTestId("attempts").getByRole("listitem")).toHaveCount(2);
  await expect(drawer.getByTestId("attempts")).toContainText("receiver is down");
  expect(received).toHaveLength(2);
  expect(received[1].headers["webhook-id"]).toBe(received[0].headers["webhook-id"]);
  await shots(page, "merchant-webhook-drawer");
  answer = 200;
  await drawer.getByRole("button", { name: "Close" }).click();

  // A recharge's delivery names the merchant's own reference next to our id, and a failing endpoint
  // shows the state by one name ("Scheduled") with the time of the next attempt.
  const whoami = await (await page.request.get("/api/trpc/me.whoami")).json();
  const reference = `HOOK-${Date.now().toString(36).toUpperCase()}`;
  answer = 503;
  cli("recharge", "create", "--account", whoami.result.data.json.account.id, "--reference", reference, "--phone", "01712345678", "--amount", "21.00");
  await page.getByLabel("Status").selectOption({ label: "Scheduled" });
  const hook = page.getByTestId("delivery-recharge.succeeded").filter({ hasText: reference });
  await expect(async () => {
    await page.reload();
    await page.getByLabel("Status").selectOption({ label: "Scheduled" });
    // A delivery is listed as Scheduled from the moment it is queued ("0 attempts"); wait for the first
    // attempt to have been answered.
    await expect(hook.getByTestId("delivery-progress")).toContainText("your endpoint answered 503", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(hook).toContainText("Scheduled");
  await expect(hook.getByTestId("delivery-reference")).toHaveText(reference);
  await expect(hook.getByTestId("delivery-progress")).toContainText(/your endpoint answered 503 · next attempt/);
  await shots(page, "merchant-webhook-scheduled");
  answer = 200;
});
