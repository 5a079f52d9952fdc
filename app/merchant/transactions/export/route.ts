// CSV export of the merchant's transactions for any filter of the Transactions page, streamed.
import { randomUUID } from "node:crypto";
import { canOpenArea, can } from "@/server/auth/permissions";
import { getSession } from "@/server/auth/session";
import { createCtx } from "@/server/context";
import { nulFields } from "@/server/lib/errors";
import { ExportRechargesInput, exportFileName, exportRechargesCsv } from "@/server/merchant/export";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const session = await getSession();
  const user = session?.user;
  if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in first." } }, { status: 401 });
  if (!user.accountId || !canOpenArea(user.role, "merchant") || !can(user.role, "recharges.read")) {
    return Response.json({ error: { code: "forbidden", message: "Your role cannot do this." } }, { status: 403 });
  }
  // Empty form fields mean "no filter".
  const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([k, v]) => v !== "" || k === "scope"));
  const parsed = ExportRechargesInput.safeParse(params);
  if (!parsed.success || nulFields(params).length) return Response.json({ error: { code: "validation_failed", message: "Some filters are invalid." } }, { status: 422 });

  const ctx = await createCtx({ type: "user", userId: user.id, role: user.role, accountId: user.accountId }, req.headers.get("x-request-id") ?? randomUUID());
  const lines = exportRechargesCsv(ctx, parsed.data);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(parsed.data)}"`,
      "cache-control": "no-store",
    },
  });
}
