import { handleSeedRecharge } from "@/server/http/seed-route";

export const dynamic = "force-dynamic";

export const POST = handleSeedRecharge;
