import { randomUUID } from "node:crypto";
import { type Executor, getDb, type Tx } from "@/db/client";
import { Forbidden } from "@/server/lib/errors";
import type { Role } from "@/server/auth/permissions";

export type Actor =
  | { type: "user"; userId: string; role: Role; accountId: string | null }
  | { type: "api_key"; keyId: string; accountId: string; role: Role }
  | { type: "system"; name: string }
  | { type: "cli" };

/** What every domain verb receives: who acts, for which account, on which db or open transaction. */
export type Ctx = {
  db: Executor;
  actor: Actor;
  requestId: string;
  inTransaction?: boolean;
  /** The routing configuration's version as read at the start of this request (see config_version), if known. */
  configVersion?: bigint | null;
  /** The acting account as the API key lookup found it moments ago (status, currency, wallet), if any. */
  apiAccount?: { id: string; status: "active" | "suspended"; currency: string; walletId: string | null };
};

export async function createCtx(actor: Actor, requestId: string = randomUUID()): Promise<Ctx> {
  return { db: await getDb(), actor, requestId };
}

export const systemCtx = (name: string) => createCtx({ type: "system", name });

/** Runs fn in a transaction, reusing one already open in ctx so verbs compose. */
export async function withTransaction<T>(ctx: Ctx, fn: (tx: Ctx & { db: Tx }) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx as Ctx & { db: Tx });
  return (ctx.db as Awaited<ReturnType<typeof getDb>>).transaction((tx) => fn({ ...ctx, db: tx, inTransaction: true }));
}

export function isPrivileged(actor: Actor) {
  return actor.type === "system" || actor.type === "cli" || (actor.type === "user" && actor.role === "admin");
}

/** The account an actor acts for; admins and the system must name one explicitly. */
export function scopedAccountId(ctx: Ctx, requested?: string | null): string {
  const { actor } = ctx;
  if (actor.type === "api_key") return actor.accountId;
  if (actor.type === "user" && actor.role !== "admin") {
    if (!actor.accountId) throw Forbidden("This user belongs to no account.");
    if (requested && requested !== actor.accountId) throw Forbidden();
    return actor.accountId;
  }
  if (!requested) throw Forbidden("An account must be named.");
  return requested;
}

export function actorRef(actor: Actor): { actorType: "user" | "api_key" | "system" | "cli"; actorId: string | null } {
  switch (actor.type) {
    case "user":
      return { actorType: "user", actorId: actor.userId };
    case "api_key":
      return { actorType: "api_key", actorId: actor.keyId };
    case "system":
      return { actorType: "system", actorId: actor.name };
    case "cli":
      return { actorType: "cli", actorId: null };
  }
}
