import { z } from "zod";
import { getAccount } from "@/server/accounts/accounts";
import { CreateApiKeyInput, createApiKey, revokeApiKey, rotateApiKey, updateApiKeyAllowlist } from "@/server/accounts/api-keys";
import { fundRetailer } from "@/server/accounts/wallet";
import { listOperatorRows } from "@/server/catalog/catalog";
import { type Country, CURRENCY_OF } from "@/server/catalog/operators";
import { listApiKeys } from "@/server/merchant/api-keys";
import { CreateRetailerInput, createRetailer, listRetailers, retailerNames, ResetRetailerPasswordInput, resetRetailerPassword, SetRetailerStatusInput, setRetailerStatus } from "@/server/merchant/retailers";
import { OverviewInput, merchantOverview } from "@/server/merchant/stats";
import { ListRechargesInput, listRecharges, rechargeTimeline } from "@/server/recharge/manage";
import { merchantTimelineEntry, rechargeObject } from "@/server/recharge/view";
import { formatAmount } from "@/server/lib/money";
import { movementObject, rechargeMoney, rechargeMovements } from "@/server/statements/movements";
import {
  getWebhookDelivery,
  getWebhookSettings,
  ListWebhookDeliveriesInput,
  listWebhookDeliveries,
  RedeliverWebhookInput,
  redeliverWebhook,
  revealWebhookSecret,
  rotateWebhookSecret,
  SetWebhookUrlInput,
  sendTestWebhook,
  setWebhookUrl,
} from "@/server/webhooks/settings";
import { accountProcedure, router } from "../init";

export const TransactionsInput = ListRechargesInput.omit({ accountId: true, needsReview: true });
const ApiKeyRef = z.object({ apiKey: z.string().min(1).max(100) });
const NoAccount = { accountId: true } as const;
const COUNTRY_OF_CURRENCY = Object.fromEntries(Object.entries(CURRENCY_OF).map(([country, currency]) => [currency, country])) as Record<string, Country>;

const keys = accountProcedure("keys.manage");
const hooks = accountProcedure("webhooks.manage");
const retailers = accountProcedure("retailers.manage");

export const merchantRouter = router({
  overview: accountProcedure("wallet.read").input(OverviewInput).query(({ ctx, input }) => merchantOverview({ ctx: ctx.app, input })),

  /** Operators the account can be charged for (its wallet's currency decides the country), for filters. */
  operators: accountProcedure("recharges.read").query(async ({ ctx }) => {
    const account = await getAccount(ctx.app, ctx.accountId);
    const country = COUNTRY_OF_CURRENCY[account.currency];
    const rows = country ? await listOperatorRows(ctx.app.db, { country }) : [];
    return rows.map((op) => ({ code: op.code, name: op.name }));
  }),

  /** The merchant's orders and its retailers' (`scope`: "" both, "own", or one retailer), each with whose it is. */
  transactions: accountProcedure("recharges.read").input(TransactionsInput).query(async ({ ctx, input }) => {
    const page = await listRecharges(ctx.app, input);
    const names = await retailerNames(ctx.app, ctx.accountId);
    return { data: page.data.map((r) => ({ ...rechargeObject(r), account_id: r.accountId, account_name: r.accountId === ctx.accountId ? null : (names.get(r.accountId) ?? null) })), nextCursor: page.nextCursor };
  }),

  /** One order with its events and the calls made to providers for it (no request/response bodies). */
  transaction: accountProcedure("recharges.read").input(z.object({ id: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const { recharge, timeline, providerCalls } = await rechargeTimeline(ctx.app, input.id, { withProviderCalls: true });
    const movements = await rechargeMovements(ctx.app.db, recharge);
    const totals = (await rechargeMoney(ctx.app.db, [recharge])).get(recharge.id)!;
    return {
      recharge: rechargeObject(recharge),
      timeline: timeline.map(merchantTimelineEntry),
      /** What the order did to the balance, with the balance after each step (charge, return, commission…). */
      money: movements.map((m) => movementObject(m, recharge.currency)),
      commission_earned: formatAmount(totals.commission + totals.cashback, recharge.currency),
      amount_returned: formatAmount(totals.returned, recharge.currency),
      // Which upstream provider served the order, and its HTTP codes, are ours to know, not the merchant's.
      provider_calls: providerCalls.map((c) => ({
        id: c.id.toString(),
        operation: c.operation,
        attempt: c.attempt,
        latency_ms: c.latencyMs,
        outcome: c.outcome,
        at: c.createdAt.toISOString(),
      })),
    };
  }),

  apiKeys: router({
    list: keys.query(({ ctx }) => listApiKeys({ ctx: ctx.app })),
    create: keys.input(CreateApiKeyInput.omit(NoAccount)).mutation(({ ctx, input }) => createApiKey({ ctx: ctx.app, input })),
    revoke: keys.input(ApiKeyRef).mutation(async ({ ctx, input }) => {
      await revokeApiKey({ ctx: ctx.app, input });
      return { revoked: true };
    }),
    rotate: keys
      .input(ApiKeyRef.extend({ overlapSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(24 * 3600) }))
      .mutation(({ ctx, input }) => rotateApiKey({ ctx: ctx.app, input })),
    setAllowlist: keys.input(ApiKeyRef.extend({ ipAllowlist: z.array(z.string().trim().min(1).max(64)).max(50) })).mutation(async ({ ctx, input }) => {
      const updated = await updateApiKeyAllowlist({ ctx: ctx.app, input });
      return { ip_allowlist: updated.ipAllowlist };
    }),
  }),

  webhooks: router({
    settings: hooks.query(({ ctx }) => getWebhookSettings({ ctx: ctx.app })),
    setUrl: hooks.input(SetWebhookUrlInput.omit(NoAccount)).mutation(({ ctx, input }) => setWebhookUrl({ ctx: ctx.app, input })),
    revealSecret: hooks.mutation(({ ctx }) => revealWebhookSecret({ ctx: ctx.app })),
    rotateSecret: hooks.mutation(({ ctx }) => rotateWebhookSecret({ ctx: ctx.app })),
    sendTest: hooks.mutation(({ ctx }) => sendTestWebhook({ ctx: ctx.app })),
    deliveries: hooks.input(ListWebhookDeliveriesInput.omit(NoAccount)).query(({ ctx, input }) => listWebhookDeliveries({ ctx: ctx.app, input })),
    delivery: hooks.input(z.object({ deliveryId: z.string().min(1).max(64) })).query(({ ctx, input }) => getWebhookDelivery({ ctx: ctx.app, input })),
    redeliver: hooks.input(RedeliverWebhookInput).mutation(({ ctx, input }) => redeliverWebhook({ ctx: ctx.app, input })),
  }),

  retailers: router({
    list: retailers.query(({ ctx }) => listRetailers({ ctx: ctx.app })),
    /** A retailer under this merchant, in its currency; the sign-in and API credentials are shown once. */
    create: retailers.input(CreateRetailerInput).mutation(({ ctx, input }) => createRetailer({ ctx: ctx.app, input })),
    fund: retailers
      .input(z.object({ retailerAccountId: z.string().min(1).max(64), amount: z.string().trim().min(1, "Enter an amount.").max(20, "Enter an amount like 500.00."), note: z.string().trim().max(200, "Keep the note under 200 characters.").optional(), idempotencyKey: z.string().min(8).max(100) }))
      .mutation(({ ctx, input }) => fundRetailer({ ctx: ctx.app, input: { ...input, idempotencyKey: `fund-retailer:${ctx.accountId}:${input.idempotencyKey}` } })),
    setStatus: retailers.input(SetRetailerStatusInput).mutation(({ ctx, input }) => setRetailerStatus({ ctx: ctx.app, input })),
    resetPassword: retailers.input(ResetRetailerPasswordInput).mutation(({ ctx, input }) => resetRetailerPassword({ ctx: ctx.app, input })),
  }),
});
