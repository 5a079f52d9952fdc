// "charlie": form-encoded POSTs signed with MD5(params + secret), answers form-encoded
// `result=<numeric code>&msg=…`. Codes: 0 success, 1 processing, 2 failed (query), 3 reversed (query),
// 1001 invalid number, 1002 number/operator mismatch, 1003 invalid amount, 2001 insufficient balance,
// 3001 operator rejected, 4001 bad sign, 4002 unknown merchant, 4003 missing parameter,
// 4004 order/bill not found, 9001 busy / maintenance (not accepted).
import { createHash } from "node:crypto";
import { billFor, plansFor, simProvider } from "@/server/sim/catalog";
import { scheduleCallbacks } from "@/server/sim/callbacks";
import { checkOrder, submitOrder } from "@/server/sim/engine";
import { charlieStatement } from "@/server/sim/statements";
import { form, formatCents, HANG_MS, sleep } from "@/server/sim/respond";
import { getControl, type SimFailureCode, type SimOrder } from "@/server/sim/state";

const CODES: Record<SimFailureCode, number> = {
  invalid_number: 1001,
  operator_mismatch: 1002,
  invalid_amount: 1003,
  insufficient_balance: 2001,
  rejected: 3001,
};

/** Their signing rule, written independently of our client so a mismatch between the two shows up. */
export function expectedSign(params: URLSearchParams, secret: string): string {
  const pairs = [...params.entries()].filter(([k, v]) => k !== "sign" && v !== "").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = `${pairs.map(([k, v]) => `${k}=${v}`).join("&")}&key=${secret}`;
  return createHash("md5").update(base, "utf8").digest("hex").toUpperCase();
}

function yyyymmdd(date: string) {
  return date.replaceAll("-", "");
}

function presentSubmit(order: SimOrder) {
  const ids = { orderid: order.orderId, sysorderid: order.ref };
  switch (order.state) {
    case "succeeded":
      return form({ result: 0, msg: "success", ...ids, opid: order.operatorTxnId, amount: order.amount });
    case "pending":
      return form({ result: 1, msg: "processing", ...ids });
    case "reversed":
      return form({ result: 3, msg: "reversed", ...ids });
    case "failed":
      return form({ result: CODES[order.failure!.code], msg: order.failure!.message, orderid: order.orderId });
  }
}

/** The fields of a query answer (also what a callback carries). */
export function queryFields(order: SimOrder): Record<string, string | number | null> {
  const ids = { orderid: order.orderId, sysorderid: order.ref, account: order.target, amount: order.amount };
  switch (order.state) {
    case "succeeded":
      return { result: 0, msg: "success", ...ids, opid: order.operatorTxnId };
    case "pending":
      return { result: 1, msg: "processing", ...ids };
    case "reversed":
      return { result: 3, msg: "reversed by operator", ...ids, opid: order.operatorTxnId };
    case "failed":
      return { result: 2, msg: "failed", ...ids, errcode: CODES[order.failure!.code], errmsg: order.failure!.message };
  }
}

const presentQuery = (order: SimOrder) => form(queryFields(order));

export async function charlieHandler(req: Request, subpath: string[]): Promise<Response> {
  const control = getControl("charlie");
  await sleep(control.latencyMs, req.signal);
  if (control.down) return form({ result: 9001, msg: "system maintenance, request not accepted" });
  if (req.method !== "POST") return new Response("method not allowed", { status: 405 });

  const params = new URLSearchParams(await req.text().catch(() => ""));
  const creds = simProvider("charlie").credentials;
  if (params.get("merchant") !== creds.merchantId) return form({ result: 4002, msg: "unknown merchant" });
  if (params.get("sign")?.toUpperCase() !== expectedSign(params, creds.secret)) return form({ result: 4001, msg: "sign error" });
  const p = (key: string) => params.get(key) ?? "";

  switch (subpath.join("/")) {
    case "recharge": {
      if (!p("orderid")) return form({ result: 4003, msg: "missing orderid" });
      const { order, hang, existing } = submitOrder(
        "charlie",
        {
          orderId: p("orderid"),
          operator: p("product"),
          country: p("country"),
          service: p("service") || "mobile",
          target: p("account"),
          amount: p("amount"),
          currency: p("currency") || null,
          accountType: p("acctype") || "prepaid",
          biller: p("biller") || null,
        },
        { async: false, refPrefix: "CH", clientGone: req.signal.aborted },
      );
      if (!existing) scheduleCallbacks("charlie", order);
      if (hang) await sleep(HANG_MS, req.signal);
      return presentSubmit(order);
    }
    case "query": {
      const order = checkOrder("charlie", { orderId: p("orderid"), ref: p("sysorderid") });
      return order ? presentQuery(order) : form({ result: 4004, msg: "order not found", orderid: p("orderid") });
    }
    case "products": {
      const plans = plansFor(p("product"));
      const fields: Record<string, string | number> = { result: 0, msg: "ok", product: p("product"), count: plans.length };
      plans.forEach((plan, i) => {
        fields[`id${i}`] = plan.id;
        fields[`price${i}`] = plan.amount;
        fields[`validity${i}`] = plan.validity;
        fields[`desc${i}`] = plan.description;
        fields[`type${i}`] = plan.category;
      });
      return form(fields);
    }
    case "bill": {
      const bill = billFor(p("biller"), p("account"));
      if (!bill) return form({ result: 4004, msg: "bill not found" });
      return form({
        result: 0,
        msg: "ok",
        biller: bill.biller,
        account: bill.account,
        name: bill.customerName,
        amount: bill.amountDue,
        duedate: yyyymmdd(bill.dueDate),
        billno: bill.billNumber,
      });
    }
    case "balance":
      return form({ result: 0, msg: "ok", balance: formatCents(control.floatUsdCents), currency: "USD" });
    case "statement":
      return charlieStatement(params);
    case "ping":
      return form({ result: 0, msg: "ok" });
    default:
      return new Response("not found", { status: 404 });
  }
}
