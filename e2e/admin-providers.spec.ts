import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

test("an admin takes a provider down with the simulator and sees its health change", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/providers");
  const card = page.getByTestId("provider-bravo");
  await expect(card.getByTestId("health-bravo")).toBeVisible();
  await expect(card.getByTestId("health-bravo")).not.toHaveText("Down");

  const sim = card.getByRole("form", { name: /^Simulator/ });
  await sim.getByRole("switch", { name: "Down" }).check();
  await expect(page.getByTestId("toast-success").filter({ hasText: "is down" })).toBeVisible();
  await expect(card.getByTestId("health-bravo")).toHaveText("Down");
  await expect(card.getByTestId("health-reason-bravo")).toHaveText("Last health check failed");
  await shot(page, "admin-provider-down");

  await sim.getByRole("switch", { name: "Down" }).uncheck();
  await expect(page.getByTestId("toast-success").filter({ hasText: "is up" })).toBeVisible();
  await expect(card.getByTestId("health-bravo")).toHaveText("Healthy");

  // Routing settings are checked by the server, the problem said next to its field; saved with a toast.
  const routing = card.getByRole("form", { name: /^Routing/ });
  await routing.getByLabel("Weight").fill("0");
  await routing.getByRole("button", { name: "Save routing" }).click();
  await expect(routing.getByText("Weight is at least 1.")).toBeVisible();
  await routing.getByLabel("Weight").fill("3");
  await routing.getByRole("button", { name: "Save routing" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "routing saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("provider-bravo").getByRole("form", { name: /^Routing/ }).getByLabel("Weight")).toHaveValue("3");
});
