// "bravo": an asynchronous JSON API with an X-Api-Key header. Submit only accepts (202, its own
// order id); the outcome comes from GET /v2/orders/{id} or /v2/orders?client_ref=.
import { billFor, currencyOfOperator, plansFor, simProvider } from "@/server/sim/catalog";
import { scheduleCallbacks } from "@/server/sim/callbacks";
import { checkOrder, submitOrder } from "@/server/sim/engine";
import { bravoStatement } from "@/server/sim/statements";
import { formatCents, HANG_MS, json, readJson, sleep, str } from "@/server/sim/respond";
import { getControl, type SimFailureCode, type SimOrder } from "@/server/sim/state";

const ERRORS: Record<SimFailureCode, [error: string, http: number]> = {
  invalid_number: ["invalid_recipient", 422],
  operator_mismatch: ["operator_mismatch", 422],
  invalid_amount: ["invalid_amount", 422],
  insufficient_balance: ["insufficient_funds", 402],
  rejected: ["rejected_by_operator", 422],
};

/** An order as bravo shows it (status answers, statements and callbacks). */
export function present(order: SimOrder) {
  const state =
    order.state === "pending" ? (order.statusChecks === 0 ? "queued" : "processing") : order.state === "succeeded" ? "completed" : order.state;
  return {
    id: order.ref,
    client_ref: order.orderId,
    state,
    product: { operator: order.operator, country: order.country, service: order.service },
    recipient: { account: order.target, type: order.accountType },
    amount: { value: order.amount, currency: order.currency },
    operator_reference: order.operatorTxnId,
    failure: order.failure ? { code: ERRORS[order.failure.code][0], message: order.failure.message } : null,
    reversal: order.state === "reversed" ? { reason: "operator_reversal", message: "Reversed by operator" } : null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === "object" ? (value as Obj) : {});

export async function bravoHandler(req: Request, subpath: string[]): Promise<Response> {
  const control = getControl("bravo");
  await sleep(control.latencyMs, req.signal);
  if (control.down) return json({ accepted: false, error: "maintenance", message: "Scheduled maintenance, retry later" }, 503);
  if (req.headers.get("x-api-key") !== simProvider("bravo").credentials.apiKey) {
    return json({ accepted: false, error: "unauthorized", message: "Unknown API key" }, 401);
  }

  const url = new URL(req.url);
  const route = `${req.method} ${subpath.join("/")}`;
  if (route === "POST v2/orders") {
    const body = await readJson(req);
    if (!body || !str(body.client_ref)) return json({ accepted: false, error: "bad_request", message: "client_ref is required" }, 400);
    const product = obj(body.product);
    const recipient = obj(body.recipient);
    const amount = obj(body.amount);
    const { order, existing, hang } = submitOrder(
      "bravo",
      {
        orderId: str(body.client_ref),
        operator: str(product.operator),
        country: str(product.country),
        service: str(product.service) || "mobile",
        target: str(recipient.account),
        amount: str(amount.value),
        currency: str(amount.currency) || null,
        accountType: str(recipient.type) || "prepaid",
        biller: str(body.biller) || null,
      },
      { async: true, refPrefix: "BRV-", clientGone: req.signal.aborted },
    );
    if (!existing) scheduleCallbacks("bravo", order);
    if (hang) await sleep(HANG_MS, req.signal);
    // A rejected order stays rejected: a retry with the same client_ref gets the same answer.
    if (order.state === "failed" && order.failure && order.statusChecks === 0) {
      const [error, http] = ERRORS[order.failure.code];
      return json({ accepted: false, error, message: order.failure.message, client_ref: order.orderId }, http);
    }
    return json({ accepted: true, ...(existing ? { duplicate: true } : {}), order: present(order) }, existing ? 200 : 202);
  }
  if (req.method === "GET" && subpath[0] === "v2" && subpath[1] === "orders" && subpath.length <= 3) {
    const key = subpath.length === 3 ? { ref: subpath[2] } : { orderId: url.searchParams.get("client_ref") };
    const order = checkOrder("bravo", key);
    if (!order) return json({ error: "order_not_found", message: "No such order" }, 404);
    return json({ order: present(order) });
  }
  if (route === "GET v2/plans") {
    const operator = url.searchParams.get("operator") ?? "";
    return json({
      data: plansFor(operator).map((p) => ({
        sku: `BRV:${p.id}`,
        operator: p.operator,
        face_value: { value: p.amount, currency: currencyOfOperator(p.operator) },
        validity_days: Number.parseInt(p.validity, 10),
        title: p.description,
        tags: [p.category],
      })),
    });
  }
  if (route === "GET v2/bills") {
    const bill = billFor(url.searchParams.get("biller") ?? "", url.searchParams.get("account") ?? "");
    if (!bill) return json({ error: "bill_not_found", message: "No outstanding bill" }, 404);
    return json({
      bill: {
        biller: bill.biller,
        account: bill.account,
        customer: { name: bill.customerName },
        amount_due: { value: bill.amountDue, currency: currencyOfOperator(bill.biller) },
        due_date: bill.dueDate,
        reference: bill.billNumber,
      },
    });
  }
  if (route === "GET v2/wallet") return json({ wallet: { currency: "USD", available: formatCents(control.floatUsdCents) } });
  if (route === "GET v2/statements") return bravoStatement(url);
  if (route === "GET v2/ping") return json({ ok: true });
  return json({ error: "unknown_endpoint", message: "Unknown endpoint" }, 404);
}
