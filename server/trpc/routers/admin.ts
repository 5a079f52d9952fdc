import { auditActions, ListAuditInput, listAudit } from "@/server/admin/audit";
import { adminOverview } from "@/server/admin/overview";
import { checkLedger } from "@/server/ledger";
import { adminProcedure, router } from "../init";
import { adminAccountsRouter } from "./admin-accounts";
import { adminCatalogRouter, adminRewardsRouter } from "./admin-catalog";
import { adminProvidersRouter } from "./admin-providers";
import { adminReconRouter } from "./admin-recon";
import { adminComplaintsRouter, adminRechargesRouter } from "./admin-recharges";

// Thin: every procedure parses its input and calls a verb under server/admin (or the domain's own).
export const adminRouter = router({
  overview: adminProcedure("admin.accounts").query(({ ctx }) => adminOverview(ctx.app)),
  ledgerCheck: adminProcedure("admin.wallets").query(({ ctx }) => checkLedger(ctx.app.db)),
  accounts: adminAccountsRouter,
  recharges: adminRechargesRouter,
  complaints: adminComplaintsRouter,
  providers: adminProvidersRouter,
  recon: adminReconRouter,
  catalog: adminCatalogRouter,
  rewards: adminRewardsRouter,
  audit: router({
    list: adminProcedure("admin.audit").input(ListAuditInput).query(({ ctx, input }) => listAudit(ctx.app, input)),
    actions: adminProcedure("admin.audit").query(({ ctx }) => auditActions(ctx.app)),
  }),
});
