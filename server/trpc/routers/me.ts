import { getAccount } from "@/server/accounts/accounts";
import { getBalance } from "@/server/accounts/wallet";
import { ROLE_HOME, ROLE_PERMISSIONS } from "@/server/auth/permissions";
import { ChangePasswordInput, changePassword } from "@/server/auth/password";
import { getStatement, StatementQuery, statementObject } from "@/server/statements/movements";
import { z } from "zod";
import { listNotices, MarkNoticesReadInput, markNoticesRead, NoticesInput } from "@/server/notifications/notices";
import { accountProcedure, protectedProcedure, router } from "../init";

export const meRouter = router({
  whoami: protectedProcedure.query(async ({ ctx }) => {
    const account = ctx.user.accountId ? await getAccount(ctx.app, ctx.user.accountId) : null;
    return {
      user: ctx.user,
      home: ROLE_HOME[ctx.user.role],
      permissions: ROLE_PERMISSIONS[ctx.user.role],
      account: account && { id: account.id, name: account.name, type: account.type, currency: account.currency, status: account.status },
    };
  }),
  /** Changes the signed-in user's password and ends all of their sessions (this one too). */
  changePassword: protectedProcedure.input(ChangePasswordInput).mutation(({ ctx, input }) => changePassword({ ctx: ctx.app, input })),
  balance: accountProcedure("wallet.read").query(({ ctx }) => getBalance(ctx.app, ctx.accountId)),
  /** Reversals, refunds and answered complaints of the last 30 days, each read or not by this user. */
  notices: accountProcedure("recharges.read").input(NoticesInput).query(async ({ ctx, input }) =>
    (await listNotices({ ctx: ctx.app, input })).map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, at: n.at.toISOString(), recharge_id: n.rechargeId, read: n.read })),
  ),
  /** Opened: kept on the server, so another browser shows them as read too. */
  readNotices: accountProcedure("recharges.read").input(MarkNoticesReadInput).mutation(async ({ ctx, input }) => ({ ids: await markNoticesRead({ ctx: ctx.app, input }) })),
  /** A day of the wallet (this account's, or a merchant's retailer's): the wallet page and the statement share it. */
  statement: accountProcedure("wallet.read")
    .input(StatementQuery.extend({ accountId: z.string().min(1).max(64).optional() }))
    .query(async ({ ctx, input }) => {
      const { accountId, ...query } = input;
      return statementObject(await getStatement({ ctx: ctx.app, input: query, accountId }));
    }),
});
