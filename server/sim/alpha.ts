// "alpha": a synchronous JSON API with Bearer auth. Submit answers the final result directly
// (SUCCESS / FAILED + error_code / PENDING); status is looked up by our reference.
import { billFor, plansFor, simProvider } from "@/server/sim/catalog";
import { checkOrder, submitOrder } from "@/server/sim/engine";
import { alphaStatement } from "@/server/sim/statements";
import { formatCents, HANG_MS, json, readJson, sleep, str } from "@/server/sim/respond";
import { getControl, type SimFailureCode, type SimOrder } from "@/server/sim/state";

const ERROR_CODES: Record<SimFailureCode, string> = {
  invalid_number: "INVALID_MSISDN",
  operator_mismatch: "OPERATOR_MISMATCH",
  invalid_amount: "INVALID_AMOUNT",
  insufficient_balance: "INSUFFICIENT_BALANCE",
  rejected: "OPERATOR_REJECTED",
};

const STATUS: Record<SimOrder["state"], string> = { pending: "PENDING", succeeded: "SUCCESS", failed: "FAILED", reversed: "REVERSED" };

function present(order: SimOrder) {
  return {
    status: STATUS[order.state],
    transaction_id: order.ref,
    reference: order.orderId,
    operator: order.operator,
    msisdn: order.target,
    amount: order.amount,
    currency: order.currency,
    operator_txn_id: order.operatorTxnId,
    ...(order.failure ? { error_code: ERROR_CODES[order.failure.code], message: order.failure.message } : {}),
    ...(order.state === "reversed" ? { message: "Reversed by operator" } : {}),
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

export async function alphaHandler(req: Request, subpath: string[]): Promise<Response> {
  const control = getControl("alpha");
  await sleep(control.latencyMs, req.signal);
  if (control.down) {
    return json({ status: "FAILED", error_code: "SYSTEM_MAINTENANCE", message: "Service under maintenance, request not accepted" }, 503);
  }
  if (req.headers.get("authorization") !== `Bearer ${simProvider("alpha").credentials.token}`) {
    return json({ status: "FAILED", error_code: "UNAUTHORIZED", message: "Invalid or missing token" }, 401);
  }

  const url = new URL(req.url);
  const route = `${req.method} ${subpath.join("/")}`;
  if (route === "POST v1/topups") {
    const body = await readJson(req);
    if (!body || !str(body.reference)) return json({ status: "FAILED", error_code: "BAD_REQUEST", message: "reference is required" }, 400);
    const { order, hang, existing } = submitOrder(
      "alpha",
      {
        orderId: str(body.reference),
        operator: str(body.operator),
        country: str(body.country),
        service: str(body.service) || "mobile",
        target: str(body.msisdn),
        amount: str(body.amount),
        currency: str(body.currency) || null,
        accountType: str(body.account_type) || "prepaid",
        biller: str(body.biller) || null,
      },
      { async: false, refPrefix: "ALP", clientGone: req.signal.aborted },
    );
    if (hang) await sleep(HANG_MS, req.signal);
    const validation = order.failure && !existing && ["invalid_number", "invalid_amount"].includes(order.failure.code);
    return json(present(order), validation ? 422 : 200);
  }
  if (req.method === "GET" && subpath.length === 3 && subpath[0] === "v1" && subpath[1] === "topups") {
    const order = checkOrder("alpha", { orderId: subpath[2] });
    if (!order) return json({ status: "FAILED", error_code: "TRANSACTION_NOT_FOUND", message: "No transaction with this reference" }, 404);
    return json(present(order));
  }
  if (route === "GET v1/plans") {
    const operator = url.searchParams.get("operator") ?? "";
    return json({
      operator,
      plans: plansFor(operator).map((p) => ({ code: p.id, price: p.amount, validity: p.validity, name: p.description, type: p.category })),
    });
  }
  if (route === "GET v1/bills") {
    const biller = url.searchParams.get("biller") ?? "";
    const bill = billFor(biller, url.searchParams.get("account") ?? "");
    if (!bill) return json({ status: "FAILED", error_code: "BILL_NOT_FOUND", message: "No bill for this account" }, 404);
    return json({
      biller: bill.biller,
      account: bill.account,
      customer_name: bill.customerName,
      amount_due: bill.amountDue,
      due_date: bill.dueDate,
      bill_no: bill.billNumber,
    });
  }
  if (route === "GET v1/balance") {
    return json({ currency: "USD", available: formatCents(control.floatUsdCents) });
  }
  if (route === "GET v1/reports/transactions") return alphaStatement(url);
  if (route === "GET v1/health") return json({ status: "ok" });
  return json({ status: "FAILED", error_code: "UNKNOWN_ENDPOINT", message: "Unknown endpoint" }, 404);
}
