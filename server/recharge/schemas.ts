import { z } from "zod";
import "@/server/lib/plain-errors";

const Decimal = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** The body of POST /api/v1/recharges (API.md §3); the same schema builds the OpenAPI document. */
export const CreateRechargeInput = z
  .object({
    reference: z.string().trim().min(1).max(64).regex(/^[\x21-\x7e]+$/, "Use printable characters without spaces."),
    service: z.enum(["mobile", "dth", "bill"]).default("mobile"),
    phone: z.string().trim().min(1).max(32).optional(),
    account: z.string().trim().min(1).max(40).optional(),
    biller: z.string().trim().min(1).max(40).optional(),
    operator: z.string().trim().min(1).max(40).optional(),
    amount: Decimal,
    account_type: z.enum(["prepaid", "postpaid"]).default("prepaid"),
    notify_url: z.string().url().max(2000).optional(),
    validate_only: z.boolean().default(false),
    allow_duplicate: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.service === "mobile" && !v.phone) ctx.addIssue({ code: "custom", path: ["phone"], message: "The phone number is missing: a mobile recharge needs one." });
    if (v.service !== "mobile") {
      if (!v.account) ctx.addIssue({ code: "custom", path: ["account"], message: `The account number is missing: a ${v.service} payment needs one.` });
      if (!v.biller && !v.operator) ctx.addIssue({ code: "custom", path: ["biller"], message: `The biller is missing: say who the ${v.service} payment is for.` });
    }
  });
export type CreateRechargeInput = z.input<typeof CreateRechargeInput>;
export type CreateRechargeParsed = z.output<typeof CreateRechargeInput>;

export function zodDetails(error: z.ZodError): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    details[key] ??= issue.message;
  }
  return details;
}
