// The complaint inputs, apart from the verbs so the dashboard's forms can validate with them too.
import { z } from "zod";

export const COMPLAINT_KINDS = ["not_received", "wrong_number", "wrong_amount", "other"] as const;
export const COMPLAINT_STATUSES = ["open", "refunded", "rejected"] as const;

export const RaiseComplaintInput = z.object({
  rechargeId: z.string().trim().min(1, "Choose a recharge."),
  kind: z.enum(COMPLAINT_KINDS).default("not_received"),
  message: z.string().trim().min(3, "Tell us briefly what happened.").max(1000),
});
export type RaiseComplaintInput = z.input<typeof RaiseComplaintInput>;

export const ListComplaintsInput = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  /** The id of the last complaint of the previous page. */
  cursor: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListComplaintsInput = z.input<typeof ListComplaintsInput>;

export const ResolveComplaintInput = z.object({
  id: z.string().min(1),
  outcome: z.enum(["refund", "reject"]),
  note: z.string().trim().min(3, "Write the note the account will read.").max(1000),
});
export type ResolveComplaintInput = z.input<typeof ResolveComplaintInput>;
