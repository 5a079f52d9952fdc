// Recharge commands (API.md §8), kept apart so main.ts stays about parsing and printing.
import { prepareDatabase } from "@/server/boot";
import { AppError } from "@/server/lib/errors";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { getRecharge, refundRecharge } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";
import type { Command } from "./main";

const req = (o: Record<string, unknown>, name: string) => {
  const v = o[name];
  if (typeof v !== "string" || !v) throw new AppError("validation_failed", `--${name} is required.`, { [name]: "required" });
  return v;
};

const describe = (r: ReturnType<typeof rechargeObject>) =>
  `${r.id}  ${r.status}  ${r.operator} ${r.phone ?? r.account}  ${r.amount} ${r.currency}${r.failure_reason ? `  (${r.failure_reason})` : ""}`;

export const extraCommands: Record<string, Command> = {
  "recharge create": {
    usage: "recharge create --account ID --reference REF --phone NUMBER --amount 20.00 [--operator GP] [--account-type prepaid|postpaid]",
    run: async (ctx, o) => {
      await prepareDatabase({ asServer: false });
      const result = await createRecharge({
        ctx,
        accountId: req(o, "account"),
        input: { reference: req(o, "reference"), phone: req(o, "phone"), amount: req(o, "amount"), operator: (o.operator as string) || undefined, account_type: ((o["account-type"] as string) || "prepaid") as "prepaid" },
        options: { channel: "cli" },
      });
      if (result.kind === "validated") return { json: result.preview };
      // The CLI has no background driver: take the order as far as it goes now; the server's
      // driver (or the next CLI call) continues any status checks.
      if (result.kind === "created") await driveRecharge(ctx, result.recharge.id);
      const current = rechargeObject(await getRecharge(ctx, result.recharge.id));
      return { json: current, text: describe(current) };
    },
  },
  "recharge show": {
    usage: "recharge show ID",
    run: async (ctx, o) => {
      const id = String(o._ || "");
      if (!id) throw new AppError("validation_failed", "Give the recharge id: recharge show rch_…", { id: "required" });
      const current = rechargeObject(await getRecharge(ctx, id));
      return { json: current, text: describe(current) };
    },
  },
  "recharge refund": {
    usage: "recharge refund ID --reason TEXT",
    run: async (ctx, o) => {
      const id = String(o._ || "");
      if (!id) throw new AppError("validation_failed", "Give the recharge id: recharge refund rch_… --reason …", { id: "required" });
      const refunded = rechargeObject(await refundRecharge({ ctx, input: { id, reason: req(o, "reason") } }));
      return { json: refunded, text: describe(refunded) };
    },
  },
};
