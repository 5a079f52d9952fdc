// Seed-compatible deposit endpoint (API.md §6); all behaviour in server/deposits/seed.ts.
import { seedIssueAddress } from "@/server/deposits/seed";
import { seedDepositRoute } from "@/server/http/seed-route";

export const dynamic = "force-dynamic";

export const POST = seedDepositRoute(seedIssueAddress);
