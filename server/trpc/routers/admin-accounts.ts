import { z } from "zod";
import { CreateAccountInput, createAccount } from "@/server/accounts/accounts";
import { adjustWallet } from "@/server/accounts/wallet";
import { getAccountDetail, ListAccountsInput, listAccounts, SetAccountStatusInput, setAccountStatus } from "@/server/admin/accounts";
import { AdminAdjustWalletInput } from "@/server/admin/schemas";
import { adminProcedure, router } from "../init";

export const adminAccountsRouter = router({
  list: adminProcedure("admin.accounts").input(ListAccountsInput).query(({ ctx, input }) => listAccounts(ctx.app, input)),
  get: adminProcedure("admin.accounts").input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getAccountDetail(ctx.app, input.id)),
  create: adminProcedure("admin.accounts").input(CreateAccountInput).mutation(({ ctx, input }) => createAccount({ ctx: ctx.app, input })),
  setStatus: adminProcedure("admin.accounts").input(SetAccountStatusInput).mutation(({ ctx, input }) => setAccountStatus({ ctx: ctx.app, input })),
  // The dashboard always gives a reason: it lands in the journal memo and the audit log.
  adjustWallet: adminProcedure("admin.wallets").input(AdminAdjustWalletInput).mutation(({ ctx, input }) => adjustWallet({ ctx: ctx.app, input })),
});
