import { setUsdtRate } from "@/server/deposits/rates";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { createAccount, createAdminUser } from "./accounts";
import { createApiKey } from "./api-keys";

export const DEMO_PASSWORD = "refill-demo-1";
export const DEMO_USERS = {
  admin: "admin@refill.test",
  merchant: "merchant@refill.test",
  retailer: "retailer@refill.test",
} as const;

export type DemoCredentials = { role: string; email: string; password: string; api_key?: string; api_secret?: string };

/**
 * Seeds an admin, a merchant and a retailer under it, with funded wallets. Does nothing if the admin
 * exists. Returns the credentials to print (API secrets exist only now: they are stored hashed).
 */
export async function seedDemo(ctx: Ctx): Promise<DemoCredentials[] | null> {
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USERS.admin));
  if (existing) return null;
  await createAdminUser({ ctx, input: { email: DEMO_USERS.admin, password: DEMO_PASSWORD, name: "Demo Admin" } });
  const merchant = await createAccount({
    ctx,
    input: { type: "merchant", name: "Demo Merchant Ltd", email: DEMO_USERS.merchant, password: DEMO_PASSWORD, currency: "BDT", credit: "10000.00" },
  });
  const retailer = await createAccount({
    ctx,
    input: { type: "retailer", name: "Demo Retail Shop", email: DEMO_USERS.retailer, password: DEMO_PASSWORD, currency: "BDT", credit: "2000.00", parentAccountId: merchant.account_id },
  });
  // The demo retailer asks for its key at once, so the printed credentials cover the seed API too.
  const retailerKey = await createApiKey({ ctx, input: { accountId: retailer.account_id } });
  // So the demo merchant and retailer can top up by USDT at once (admins change it on /admin/deposits).
  await setUsdtRate({ ctx, input: { currency: "BDT", rate: "121.50", note: "demo rate" } });
  return [
    { role: "admin", email: DEMO_USERS.admin, password: DEMO_PASSWORD },
    { role: "merchant", email: DEMO_USERS.merchant, password: DEMO_PASSWORD, api_key: merchant.api_key ?? undefined, api_secret: merchant.api_secret ?? undefined },
    { role: "retailer", email: DEMO_USERS.retailer, password: DEMO_PASSWORD, api_key: retailerKey.api_key, api_secret: retailerKey.api_secret },
  ];
}

export function formatDemoCredentials(creds: DemoCredentials[]): string {
  const lines = ["", "Demo accounts (sign in at /signin):"];
  for (const c of creds) {
    lines.push(`  ${c.role.padEnd(9)} ${c.email}  password: ${c.password}`);
    if (c.api_key) lines.push(`            API key: ${c.api_key}  secret: ${c.api_secret}  (shown once)`);
  }
  return `${lines.join("\n")}\n`;
}
