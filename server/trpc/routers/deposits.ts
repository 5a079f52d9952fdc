// USDT top-ups from the dashboard: merchants and retailers create and follow their own; admins see
// every account's, resolve flagged ones and set rates. Thin: every procedure is one verb.
import { z } from "zod";
import { createDeposit, depositQrSvg, getDeposit, listDeposits, listUsdtRates, rateInForce, resolveDeposit, ResolveDepositInput, SetUsdtRateInput, setUsdtRate } from "@/server/deposits";
import { creditTarget } from "@/server/deposits/create";
import { formatRate } from "@/server/deposits/units";
import { randomToken } from "@/server/lib/ids";
import { accountProcedure, adminProcedure, router } from "../init";

const ListInput = z.object({
  status: z.enum(["awaiting_payment", "confirming", "credited", "expired"]).optional(),
  flag: z.enum(["underpaid", "overpaid", "late", "unsolicited"]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const depositsRouter = router({
  /** What a top-up credits: the wallet's currency and the rate in force. */
  quote: accountProcedure("wallet.read").query(async ({ ctx }) => {
    const { wallet } = await creditTarget(ctx.db, ctx.accountId);
    const rate = wallet.currency === "USDT" ? null : await rateInForce(ctx.db, wallet.currency);
    return { currency: wallet.currency, rate: rate === null ? null : formatRate(rate), available: wallet.currency === "USDT" || rate !== null };
  }),
  create: accountProcedure("deposits.write")
    .input(z.object({ amount: z.string().trim().min(1).max(24) }))
    .mutation(async ({ ctx, input }) => {
      const { deposit } = await createDeposit({ ctx: ctx.app, input: { amount: input.amount, reference: `web-${randomToken(12)}` }, options: { channel: "dashboard" } });
      return { id: deposit.id };
    }),
  get: accountProcedure("wallet.read")
    .input(z.object({ id: z.string().min(1).max(60) }))
    .query(async ({ ctx, input }) => {
      const { object } = await getDeposit(ctx.app, input.id);
      return { ...object, qr_svg: object.status === "awaiting_payment" || object.status === "confirming" ? await depositQrSvg(object.address) : null };
    }),
  list: accountProcedure("wallet.read")
    .input(ListInput)
    .query(async ({ ctx, input }) => {
      const page = await listDeposits(ctx.app, input);
      return { data: page.data, nextCursor: page.nextCursor };
    }),
  admin: router({
    list: adminProcedure("admin.deposits")
      .input(ListInput.extend({ accountId: z.string().max(60).optional() }))
      .query(async ({ ctx, input }) => {
        const { accountId, ...query } = input;
        const page = await listDeposits(ctx.app, query, accountId ? { accountId } : { allAccounts: true });
        const owners = new Map(page.rows.map((r) => [r.id, r.accountId]));
        return { data: page.data.map((d) => ({ ...d, account_id: owners.get(d.id)! })), nextCursor: page.nextCursor };
      }),
    get: adminProcedure("admin.deposits")
      .input(z.object({ id: z.string().min(1).max(60) }))
      .query(async ({ ctx, input }) => {
        const { deposit, object } = await getDeposit(ctx.app, input.id);
        return { ...object, account_id: deposit.accountId };
      }),
    resolve: adminProcedure("admin.deposits").input(ResolveDepositInput).mutation(({ ctx, input }) => resolveDeposit({ ctx: ctx.app, input })),
    rates: adminProcedure("admin.deposits").query(({ ctx }) => listUsdtRates(ctx.db)),
    setRate: adminProcedure("admin.deposits").input(SetUsdtRateInput).mutation(({ ctx, input }) => setUsdtRate({ ctx: ctx.app, input })),
  }),
});
