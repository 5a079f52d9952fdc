// Words for deposit states and flags, shared by the top-up page, the lists and the admin view.

export const DEPOSIT_STATUS_LABEL: Record<string, string> = {
  awaiting_payment: "Awaiting payment",
  confirming: "Confirming",
  credited: "Credited",
  expired: "Expired",
};

export const FLAG_LABEL: Record<string, string> = { underpaid: "Under-paid", overpaid: "Over-paid", late: "Late", unsolicited: "No order" };

type Explainable = { amount: string; received: string; flags: string[] };

/** One sentence per flag, saying what happened and that nothing was lost. */
export function explainFlags(d: Explainable): string[] {
  const out: string[] = [];
  if (d.flags.includes("underpaid")) out.push(`Less arrived than the order asked for (${d.received} of ${d.amount} USDT). What arrived was credited; send the rest to the same address to complete it.`);
  if (d.flags.includes("overpaid")) out.push(`More arrived than the order asked for (${d.received} instead of ${d.amount} USDT). All of it was credited.`);
  if (d.flags.includes("late")) out.push("The payment arrived after the order had expired. It was credited anyway.");
  if (d.flags.includes("unsolicited")) out.push("A payment arrived at one of your addresses with no order open. It was credited.");
  return out;
}
