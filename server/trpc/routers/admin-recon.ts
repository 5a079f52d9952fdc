import { z } from "zod";
import { DismissDifferenceInput, dismissDifference, ResolveDifferenceInput, resolveDifference } from "@/server/recon/resolve";
import { runReconciliation } from "@/server/recon/run";
import { differenceView, FloatSeriesInput, floatSeries, ListReconDifferencesInput, ListReconRunsInput, listReconDifferences, listReconRuns, runView } from "@/server/recon/views";
import { adminProcedure, router } from "../init";

const p = adminProcedure("admin.providers");
const RunNowInput = z.object({ provider: z.string().min(1).max(60), day: z.string().max(10).optional() });

export const adminReconRouter = router({
  runs: p.input(ListReconRunsInput).query(({ ctx, input }) => listReconRuns(ctx.app, input)),
  differences: p.input(ListReconDifferencesInput).query(({ ctx, input }) => listReconDifferences(ctx.app, input)),
  float: p.input(FloatSeriesInput).query(({ ctx, input }) => floatSeries(ctx.app, input)),
  run: p.input(RunNowInput).mutation(async ({ ctx, input }) => runView(await runReconciliation(ctx.app, { provider: input.provider, day: input.day || undefined, trigger: "admin" }))),
  resolve: p.input(ResolveDifferenceInput).mutation(async ({ ctx, input }) => differenceView(await resolveDifference({ ctx: ctx.app, input }))),
  dismiss: p.input(DismissDifferenceInput).mutation(async ({ ctx, input }) => differenceView(await dismissDifference({ ctx: ctx.app, input }))),
});
