// Thin transport for the chain watcher's transfer notifications (server/deposits/intake.ts).
import { handleChainNotification } from "@/server/http/chain-intake";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = handleChainNotification;
