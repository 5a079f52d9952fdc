// A day's statement as CSV, for the signed-in merchant or retailer (or a merchant's retailer), streamed.
import { randomUUID } from "node:crypto";
import { can } from "@/server/auth/permissions";
import { getSession } from "@/server/auth/session";
import { createCtx } from "@/server/context";
import { errorResponse } from "@/server/http/errors";
import { csvLine } from "@/server/merchant/csv";
import { statementCsvRows } from "@/server/statements/movements";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const session = await getSession();
  const user = session?.user;
  if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in first." } }, { status: 401 });
  if (!user.accountId || user.role === "admin" || !can(user.role, "wallet.read")) {
    return Response.json({ error: { code: "forbidden", message: "Your role cannot do this." } }, { status: 403 });
  }
  const params = new URL(req.url).searchParams;
  const date = params.get("date") ?? "";
  const account = params.get("account") || undefined;
  const ctx = await createCtx({ type: "user", userId: user.id, role: user.role, accountId: user.accountId }, requestId);
  const rows = statementCsvRows(ctx, { date }, account);
  // The first row proves the date and the account are fine before the download starts.
  let first: IteratorResult<Parameters<typeof csvLine>[0]>;
  try {
    first = await rows.next();
  } catch (error) {
    return errorResponse(error, requestId);
  }
  const encoder = new TextEncoder();
  let pending: string | null = first.done ? null : csvLine(first.value);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending !== null) {
        controller.enqueue(encoder.encode(pending));
        pending = null;
        return;
      }
      const { value, done } = await rows.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(csvLine(value)));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="refill-statement-${date}${account ? `-${account}` : ""}.csv"`,
      "cache-control": "no-store",
    },
  });
}
