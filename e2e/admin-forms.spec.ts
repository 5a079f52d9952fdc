import { type Locator, test } from "@playwright/test";
import { DEMO, expect, shots, signIn } from "./helpers";

// Issue 15 item 14: the admin forms check input in the browser and say what is wrong in plain
// words: nothing of zod's own wording ("Too big: expected string to have <=120 characters"), no bare
// "required", one message per problem.

async function noMachineWording(scope: Locator) {
  const text = await scope.innerText();
  for (const bad of [/Too big/i, /Too small/i, /expected string/i, /Invalid input/i, /\brequired\b/i]) expect(text, `says ${bad}`).not.toMatch(bad);
}

test("provider routing, checked by the server: the field says what is wrong, once, in words", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/providers");
  const routing = page.getByTestId("provider-bravo").getByRole("form", { name: /^Routing/ });
  await routing.getByLabel("Timeout ms").fill("soon");
  await routing.getByLabel("Weight").fill("5000");
  await routing.getByRole("button", { name: "Save routing" }).click();
  await expect(routing.getByText("The timeout must be a number.")).toBeVisible();
  await expect(routing.getByText("Weight is at most 1000.")).toBeVisible();
  // Said next to the fields only: no toast repeating it (nor zod's issues as JSON).
  await expect(page.getByTestId("toast-error")).toHaveCount(0);
  await noMachineWording(routing);
  await shots(page, "admin-form-provider-messages", { keepToasts: true });
});

test("new account and reward level forms: over-long and empty input get plain messages", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);

  await page.goto("/admin/accounts");
  await page.getByRole("button", { name: "New account" }).click();
  const account = page.getByRole("dialog", { name: "New account" });
  // Empty: each field says what is missing, once.
  await account.getByRole("button", { name: "Create account" }).click();
  await expect(account.getByText("Give the account a name.")).toHaveCount(1);
  await expect(account.getByText("Enter a valid email.")).toHaveCount(1);
  await expect(account.getByText("Password must have at least 8 characters.")).toHaveCount(1);
  await noMachineWording(account);
  // Over-long: the limit in words.
  await account.getByLabel("Name").fill("Dhaka Mobile Point ".repeat(7));
  await account.getByLabel("Sign-in email").fill(`long-${Date.now()}@example.test`);
  await account.getByLabel("Password").fill("p".repeat(201));
  await account.getByRole("button", { name: "Create account" }).click();
  await expect(account.getByText("The name is too long: at most 120 characters.")).toBeVisible();
  await expect(account.getByText("The password is too long: at most 200 characters.")).toBeVisible();
  await expect(account.getByText("Enter a valid email.")).toHaveCount(0);
  await noMachineWording(account);
  await shots(page, "admin-form-account-messages", { keepToasts: true });
  // Refused by the server (the email is taken): said under the email, once, and no toast repeats it.
  await account.getByLabel("Name").fill("Dhaka Mobile Point");
  await account.getByLabel("Sign-in email").fill(DEMO.merchant);
  await account.getByLabel("Password").fill("password-123");
  await account.getByRole("button", { name: "Create account" }).click();
  await expect(account.getByText(/with this email already exists\./)).toHaveCount(1);
  await expect(page.getByTestId("toast-error")).toHaveCount(0);
  await account.getByRole("button", { name: "Cancel" }).click();

  await page.goto("/admin/rewards");
  await page.getByRole("button", { name: "New level" }).click();
  const level = page.getByRole("dialog", { name: "New reward level" });
  await level.getByRole("button", { name: "Save level" }).click();
  await expect(level.getByText("Give the level a name.")).toHaveCount(1);
  await expect(level.getByText("Give the level a key.")).toHaveCount(1);
  await expect(level.getByText("Use points like 100 or 12.50.")).toHaveCount(1);
  await noMachineWording(level);
  await level.getByLabel("Name").fill("Platinum");
  await level.getByLabel("Key").fill("platinum".repeat(6));
  await level.getByLabel("From points").fill("1000");
  await level.getByRole("button", { name: "Save level" }).click();
  await expect(level.getByText("The key is too long: at most 40 characters.")).toBeVisible();
  await expect(level.getByText("Give the level a name.")).toHaveCount(0);
  await noMachineWording(level);
  await shots(page, "admin-form-level-messages", { keepToasts: true });
});
