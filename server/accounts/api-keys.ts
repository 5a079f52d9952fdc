import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { fromRow, rowsOf } from "@/db/client";
import { type Account, type ApiKey, accounts, apiKeys, auditLog } from "@/db/schema";
import { type Ctx, actorRef, scopedAccountId, withTransaction } from "@/server/context";
import { env } from "@/server/env.mjs";
import { AppError, Conflict, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId, randomToken } from "@/server/lib/ids";
import { encryptSecret, safeEqual, sha256Hex } from "@/server/lib/crypto";
import { parseCidr } from "@/server/lib/ip";
import { type RateLimitResult, rateLimitResult } from "@/server/lib/rate-limit";

export const CreateApiKeyInput = z.object({
  accountId: z.string().optional(),
  name: z.string().trim().min(1).max(60).default("default"),
  ipAllowlist: z.array(z.string()).default([]),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export type CreatedApiKey = { id: string; api_key: string; api_secret: string };

function checkCidrs(list: string[]) {
  const bad = list.filter((c) => !parseCidr(c));
  if (bad.length) throw ValidationFailed("Some IP allow-list entries are not valid addresses or CIDR ranges.", { ip_allowlist: bad });
}

/**
 * A new key pair; the secret is returned once. Its SHA-256 authenticates v1 requests; an encrypted
 * copy lets the seed deposit interface check and make its MD5 signatures (API.md §6).
 */
export async function createApiKey(args: { ctx: Ctx; input: CreateApiKeyInput }, opts: { audit?: boolean } = {}): Promise<CreatedApiKey> {
  const input = CreateApiKeyInput.parse(args.input);
  const accountId = scopedAccountId(args.ctx, input.accountId);
  checkCidrs(input.ipAllowlist);
  const apiKey = `rk_${randomToken(24)}`;
  const apiSecret = `rs_${randomToken(40)}`;
  const id = createId("key");
  await withTransaction(args.ctx, async (tx) => {
    // The rate limit is per key, so the number of keys is capped per account. The account row lock
    // makes concurrent creations count one after the other.
    await tx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for("update");
    const [{ live }] = await tx.db
      .select({ live: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)));
    if (live >= env.API_KEYS_PER_ACCOUNT) {
      throw Conflict(`This account already has ${live} active API keys, the most allowed. Revoke one first.`, { limit: env.API_KEYS_PER_ACCOUNT });
    }
    await tx.db.insert(apiKeys).values({ id, accountId, apiKey, secretHash: sha256Hex(apiSecret), secretEnc: encryptSecret(apiSecret), name: input.name, ipAllowlist: input.ipAllowlist });
    if (opts.audit !== false) {
      await tx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(tx.actor), accountId, action: "api_key.create", targetType: "api_key", targetId: id, details: { api_key: apiKey, name: input.name ?? null }, requestId: tx.requestId });
    }
  });
  return { id, api_key: apiKey, api_secret: apiSecret };
}

/** The key by its public id, if the caller may act on its account; another tenant's key is "not found" (never 403). */
async function ownedKey(ctx: Ctx, apiKey: string) {
  const [key] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.apiKey, apiKey));
  if (!key) throw NotFound("API key");
  try {
    scopedAccountId(ctx, key.accountId);
  } catch (error) {
    if (error instanceof AppError && error.code === "forbidden") throw NotFound("API key");
    throw error;
  }
  return key;
}

/**
 * Revokes a key now, or at `at` (the overlap period of a rotation). Scoped to the caller's account.
 */
export async function revokeApiKey(args: { ctx: Ctx; input: { apiKey: string; at?: Date } }, opts: { audit?: boolean } = {}) {
  return withTransaction(args.ctx, async (tx) => {
    const key = await ownedKey(tx, args.input.apiKey);
    const at = args.input.at ?? new Date();
    const [updated] = await tx.db
      .update(apiKeys)
      .set({ revokedAt: sql`LEAST(coalesce(${apiKeys.revokedAt}, ${at.toISOString()}::timestamptz), ${at.toISOString()}::timestamptz)` })
      .where(eq(apiKeys.id, key.id))
      .returning();
    if (opts.audit !== false) {
      await tx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(tx.actor), accountId: key.accountId, action: "api_key.revoke", targetType: "api_key", targetId: key.id, details: { api_key: key.apiKey, at: at.toISOString() }, requestId: tx.requestId });
    }
    return updated;
  });
}

/** A new key with the old one's settings; the old one keeps working for `overlapSeconds`. */
export async function rotateApiKey(args: { ctx: Ctx; input: { apiKey: string; overlapSeconds?: number } }) {
  const overlap = Math.min(Math.max(args.input.overlapSeconds ?? 24 * 3600, 0), 7 * 24 * 3600);
  return withTransaction(args.ctx, async (tx) => {
    const old = await ownedKey(tx, args.input.apiKey);
    const until = new Date(Date.now() + overlap * 1000);
    // Scheduled for revocation first, so a rotation is not counted against the per-account cap. One
    // action, one audit entry: "rotated key A to B, A works until …" (not a revoke and a create).
    await revokeApiKey({ ctx: tx, input: { apiKey: old.apiKey, at: until } }, { audit: false });
    const created = await createApiKey({ ctx: tx, input: { accountId: old.accountId, name: old.name, ipAllowlist: old.ipAllowlist } }, { audit: false });
    await tx.db.insert(auditLog).values({
      id: createId("aud"),
      ...actorRef(tx.actor),
      accountId: old.accountId,
      action: "api_key.rotate",
      targetType: "api_key",
      targetId: old.id,
      details: { api_key: old.apiKey, new_api_key: created.api_key, old_key_works_until: until.toISOString() },
      requestId: tx.requestId,
    });
    return created;
  });
}

export async function updateApiKeyAllowlist(args: { ctx: Ctx; input: { apiKey: string; ipAllowlist: string[] } }) {
  checkCidrs(args.input.ipAllowlist);
  return withTransaction(args.ctx, async (tx) => {
    const key = await ownedKey(tx, args.input.apiKey);
    const [updated] = await tx.db.update(apiKeys).set({ ipAllowlist: args.input.ipAllowlist }).where(eq(apiKeys.id, key.id)).returning();
    await tx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(tx.actor), accountId: key.accountId, action: "api_key.allowlist", targetType: "api_key", targetId: key.id, details: { api_key: key.apiKey, from: { ip_allowlist: key.ipAllowlist }, to: { ip_allowlist: args.input.ipAllowlist } }, requestId: tx.requestId });
    return updated;
  });
}

export type VerifiedApiKey = ApiKey & {
  account: { id: string; status: Account["status"]; type: Account["type"]; name: string; currency: string; walletId: string | null };
  configVersion: bigint | null;
  /** The per-key rate limit as counted by the lookup itself, or null when the caller must count it (see verifyApiKey). */
  rateLimit: RateLimitResult | null;
};

/**
 * Finds the live key (with its account, its wallet and the configuration version) for a key/secret
 * pair, or null. Constant-time on the secret.
 *
 * With `rateLimit`, the same statement also counts this request against the key's limit (key
 * `api:<key id>`) and remembers when the key was last used (at most once a minute), but only for a
 * request that will be let in: the secret's hash matches, the account is active, and the key has no
 * IP allow-list (an allow-list is checked here, in code, after the lookup; such keys come back with
 * `rateLimit: null` and the caller counts them once their address is allowed). So refused requests
 * never spend a key's budget, as before; one round trip instead of three.
 */
export async function verifyApiKey(db: Ctx["db"], apiKey: string, apiSecret: string, opts: { rateLimit?: { limit: number; windowSeconds: number } } = {}): Promise<VerifiedApiKey | null> {
  const hash = sha256Hex(apiSecret);
  const window = opts.rateLimit?.windowSeconds ?? 60;
  const count = opts.rateLimit !== undefined;
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH k AS (
        SELECT k.*, a.status AS acct_status, a.type AS acct_type, a.name AS acct_name, a.currency AS acct_currency, w.id AS wallet_id,
          (SELECT "version" FROM config_version) AS config_version
        FROM api_keys k
        JOIN accounts a ON a.id = k.account_id
        LEFT JOIN wallets w ON w.account_id = a.id AND w.currency = a.currency
        WHERE k.api_key = ${apiKey} AND (k.revoked_at IS NULL OR k.revoked_at > now())
      ),
      admitted AS (
        SELECT id FROM k WHERE ${count} AND secret_hash = ${hash} AND acct_status = 'active' AND cardinality(ip_allowlist) = 0
      ),
      counted AS (
        INSERT INTO rate_limits (key, window_start, count) SELECT 'api:' || id, now(), 1 FROM admitted
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => ${window}) THEN 1 ELSE rate_limits.count + 1 END,
          window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => ${window}) THEN now() ELSE rate_limits.window_start END
        RETURNING count, window_start
      ),
      used AS (
        UPDATE api_keys SET last_used_at = now()
        WHERE id IN (SELECT id FROM admitted) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
      )
      SELECT k.*, counted.count AS rl_count, counted.window_start AS rl_window_start FROM k LEFT JOIN counted ON true`),
  );
  if (!row || !safeEqual(String(row.secret_hash), hash)) return null;
  const key = fromRow(apiKeys, row);
  const rateLimit = opts.rateLimit && row.rl_count != null ? rateLimitResult(Number(row.rl_count), row.rl_window_start as string | Date, opts.rateLimit.limit, window) : null;
  return {
    ...key,
    account: { id: key.accountId, status: row.acct_status as Account["status"], type: row.acct_type as Account["type"], name: String(row.acct_name), currency: String(row.acct_currency), walletId: (row.wallet_id as string | null) ?? null },
    configVersion: row.config_version == null ? null : BigInt(row.config_version as string),
    rateLimit,
  };
}
