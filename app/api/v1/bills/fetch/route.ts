import { fetchBill } from "@/server/catalog/plans";
import { BillFetchBody } from "@/server/http/schemas";
import { json, readJson, withApiKey } from "@/server/http/with-api-key";

export const dynamic = "force-dynamic";

export const POST = withApiKey(async ({ req, ctx }) => {
  const bill = await fetchBill(ctx.db, await readJson(req, BillFetchBody));
  return json({ biller: bill.biller, account: bill.account, customer_name: bill.customerName, amount_due: bill.amountDue, due_date: bill.dueDate, bill_number: bill.billNumber });
});
