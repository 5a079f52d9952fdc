// Provider failure codes → what a retailer can act on (seed 000: "please check the number and try
// again", never "error 500").

export const FRIENDLY_REASON: Record<string, string> = {
  invalid_number: "Please check the number and try again.",
  operator_mismatch: "This number belongs to another operator. Please check the operator and try again.",
  invalid_amount: "The operator does not accept this amount. Please choose another amount.",
  rejected: "The operator declined this recharge. The amount was returned to your balance.",
  provider_down: "The operator is not responding right now. The amount was returned to your balance; please try again in a few minutes.",
  provider_balance: "The operator is not responding right now. The amount was returned to your balance; please try again in a few minutes.",
  no_route: "No operator route is available right now. The amount was returned to your balance; please try again in a few minutes.",
  reversed_before_capture: "The operator reversed this recharge. The amount was returned to your balance.",
  admin_failed: "The recharge could not be confirmed by the operator and was cancelled. The amount was returned to your balance.",
};

/** Codes that say something about the order itself: retrying elsewhere would fail the same way. */
export const ORDER_FAULTS = new Set(["invalid_number", "operator_mismatch", "invalid_amount"]);

export function friendlyReason(code: string) {
  return FRIENDLY_REASON[code] ?? "The recharge could not be completed. The amount was returned to your balance.";
}
