// The chain watcher's door (not part of the public API): signed transfer notifications in, the
// intake's verdict out. Shared by the Next route and tests' node servers.
import { randomUUID } from "node:crypto";
import { systemCtx } from "@/server/context";
import { chainNotifySecret } from "@/server/deposits/config";
import { receiveChainNotification } from "@/server/deposits/intake";
import { verifyChainNotification } from "@/server/deposits/sign";
import { AppError } from "@/server/lib/errors";
import { errorResponse } from "./errors";

export async function handleChainNotification(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  try {
    const body = await req.text();
    if (!verifyChainNotification(body, req.headers.get("x-chain-signature"), chainNotifySecret())) {
      throw new AppError("unauthorized", "The notification's signature is missing, wrong or too old.");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new AppError("validation_failed", "The body is not valid JSON.", { body: "invalid JSON" });
    }
    const result = await receiveChainNotification(await systemCtx("chain-intake"), parsed as never);
    return Response.json(result, { headers: { "x-request-id": requestId } });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
