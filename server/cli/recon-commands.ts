// Reconciliation commands: `recon run --provider alpha [--date YYYY-MM-DD]`.
import { prepareDatabase } from "@/server/boot";
import { AppError } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { runReconciliation } from "@/server/recon/run";
import type { Command } from "./main";

export const reconCommands: Record<string, Command> = {
  "recon run": {
    usage: "recon run --provider NAME [--date YYYY-MM-DD]   (default: yesterday, UTC)",
    run: async (ctx, o) => {
      const provider = typeof o.provider === "string" ? o.provider : "";
      if (!provider) throw new AppError("validation_failed", "--provider is required.", { provider: "required" });
      await prepareDatabase({ asServer: false });
      const run = await runReconciliation(ctx, { provider, day: typeof o.date === "string" && o.date ? o.date : undefined, trigger: "cli" });
      const money = (v: bigint | null) => (v === null || !run.floatCurrency ? null : formatAmount(v, run.floatCurrency));
      const json = {
        id: run.id,
        provider: run.provider,
        date: run.day,
        status: run.status,
        error: run.error,
        statement_orders: run.statementOrders,
        our_orders: run.ourOrders,
        matched: run.matched,
        differences: run.differences,
        new_differences: run.newDifferences,
        counts: run.counts,
        float: run.floatCurrency ? { currency: run.floatCurrency, reported: money(run.reportedBalance), booked: money(run.bookedBalance) } : null,
      };
      const text =
        run.status === "failed"
          ? `Run ${run.id} for ${provider} on ${run.day} failed: ${run.error}`
          : `Run ${run.id}: ${provider} ${run.day}: ${run.matched} matched, ${run.differences} difference(s) (${run.newDifferences} new)${Object.keys(run.counts).length ? ` ${JSON.stringify(run.counts)}` : ""}; float reported ${json.float?.reported} ${run.floatCurrency}, booked ${json.float?.booked}`;
      return { json, text, exitCode: run.status === "failed" ? 1 : 0 };
    },
  },
};
