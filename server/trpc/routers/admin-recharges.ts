import { z } from "zod";
import { rechargeDetail, listAllRecharges } from "@/server/admin/recharges";
import { RefundInput, ResolvePendingInput } from "@/server/admin/schemas";
import { ListComplaintsInput, listComplaints, ResolveComplaintInput, resolveComplaint } from "@/server/complaints/complaints";
import { ListRechargesInput, refundRecharge, resolvePendingRecharge } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";
import { adminProcedure, router } from "../init";

export const adminRechargesRouter = router({
  list: adminProcedure("admin.recharges").input(ListRechargesInput).query(({ ctx, input }) => listAllRecharges(ctx.app, input)),
  get: adminProcedure("admin.recharges").input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => rechargeDetail(ctx.app, input.id)),
  refund: adminProcedure("admin.recharges")
    .input(RefundInput)
    .mutation(async ({ ctx, input }) => rechargeObject(await refundRecharge({ ctx: ctx.app, input }))),
  resolve: adminProcedure("admin.recharges")
    .input(ResolvePendingInput)
    .mutation(async ({ ctx, input }) => rechargeObject(await resolvePendingRecharge({ ctx: ctx.app, input }))),
});

export const adminComplaintsRouter = router({
  list: adminProcedure("admin.recharges").input(ListComplaintsInput).query(({ ctx, input }) => listComplaints({ ctx: ctx.app, input })),
  resolve: adminProcedure("admin.recharges").input(ResolveComplaintInput).mutation(({ ctx, input }) => resolveComplaint({ ctx: ctx.app, input })),
});
