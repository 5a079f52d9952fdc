import { z } from "zod";
import { desc, ilike, or } from "drizzle-orm";
import { accounts, auditLog } from "@/db/schema";
import { createAccount, CreateAccountInput } from "@/server/accounts/accounts";
import { adjustWallet, AdjustWalletInput } from "@/server/accounts/wallet";
import { checkLedger } from "@/server/ledger";
import { adminProcedure, router } from "../init";

export const adminRouter = router({
  accounts: adminProcedure("admin.accounts")
    .input(z.object({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) => {
      const q = ctx.app.db.select().from(accounts);
      const filtered = input.search ? q.where(or(ilike(accounts.name, `%${input.search}%`), ilike(accounts.email, `%${input.search}%`))) : q;
      return filtered.orderBy(desc(accounts.createdAt)).limit(input.limit);
    }),
  createAccount: adminProcedure("admin.accounts").input(CreateAccountInput).mutation(({ ctx, input }) => createAccount({ ctx: ctx.app, input })),
  adjustWallet: adminProcedure("admin.wallets").input(AdjustWalletInput).mutation(({ ctx, input }) => adjustWallet({ ctx: ctx.app, input })),
  ledgerCheck: adminProcedure("admin.wallets").query(({ ctx }) => checkLedger(ctx.app.db)),
  audit: adminProcedure("admin.audit")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => ctx.app.db.select().from(auditLog).orderBy(desc(auditLog.createdAt)).limit(input.limit)),
});
