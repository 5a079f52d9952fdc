// The account's API keys as the dashboard lists them (never the secret: only its hash is stored).
import { desc, eq } from "drizzle-orm";
import { type ApiKey, apiKeys } from "@/db/schema";
import { type Ctx, scopedAccountId } from "@/server/context";

export function apiKeyObject(k: ApiKey, now = new Date()) {
  // A rotated key keeps working until its revoked_at: "expiring" until then.
  const status = !k.revokedAt ? "active" : k.revokedAt > now ? "expiring" : "revoked";
  return {
    id: k.id,
    api_key: k.apiKey,
    name: k.name,
    ip_allowlist: k.ipAllowlist,
    status,
    revoked_at: k.revokedAt?.toISOString() ?? null,
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    created_at: k.createdAt.toISOString(),
  } as const;
}
export type ApiKeyObject = ReturnType<typeof apiKeyObject>;

/** Live keys first, then by creation, newest first. */
export async function listApiKeys(args: { ctx: Ctx }) {
  const accountId = scopedAccountId(args.ctx);
  const rows = await args.ctx.db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  const now = new Date();
  const order = { active: 0, expiring: 1, revoked: 2 } as const;
  return rows.map((k) => apiKeyObject(k, now)).sort((a, b) => order[a.status] - order[b.status]);
}
