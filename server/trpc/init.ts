import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import "@/server/lib/plain-errors";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { accounts } from "@/db/schema";
import { whySessionEnded } from "@/server/auth/request-session";
import { getSession } from "@/server/auth/session";
import { SESSION_ENDED, type SessionEnd } from "@/server/auth/session-check";
import { type Permission, can } from "@/server/auth/permissions";
import type { Ctx } from "@/server/context";
import { isDatabaseUnavailable } from "@/server/lib/db-errors";
import { AppError, ServiceUnavailable, assertStorable, fromUnstorableInput } from "@/server/lib/errors";

export async function createTrpcContext(opts: { headers: Headers }) {
  const session = await getSession();
  // A browser whose session was ended (suspension, password change) is told why, not just "sign in".
  const sessionEnded = session ? null : await whySessionEnded(opts.headers.get("cookie"));
  return { session, sessionEnded, requestId: opts.headers.get("x-request-id") ?? randomUUID(), db: await getDb() };
}
type TrpcContext = Omit<Awaited<ReturnType<typeof createTrpcContext>>, "sessionEnded"> & { sessionEnded?: SessionEnd | null };

const TRPC_CODE: Record<number, TRPCError["code"]> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  503: "SERVICE_UNAVAILABLE",
  500: "INTERNAL_SERVER_ERROR",
};

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const app = error.cause instanceof AppError ? error.cause : null;
    return {
      ...shape,
      // Invalid input: its first plain sentence (zod's own message is the issues as JSON).
      message: error.code === "INTERNAL_SERVER_ERROR" && !app ? "Something went wrong. Please try again." : error.cause instanceof ZodError ? (error.cause.issues[0]?.message ?? "Some fields are not valid.") : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: app?.code ?? null,
        details: app?.details ?? null,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null,
      },
    };
  },
});

// Domain errors are translated once, here.
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const unstorable = result.ok ? null : fromUnstorableInput(result.error.cause);
  if (unstorable) throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message: unstorable.message, cause: unstorable });
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.status] ?? "INTERNAL_SERVER_ERROR", message: cause.message, cause });
  }
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) {
    const cause = ServiceUnavailable();
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: cause.message, cause });
  }
  if (!result.ok && result.error.cause instanceof ZodError) {
    throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message: "Some fields are invalid.", cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
// Input with NUL bytes is refused before any procedure runs (Postgres cannot store it).
const refuseUnstorable = t.middleware(async ({ getRawInput, next }) => {
  assertStorable(await getRawInput());
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors).use(refuseUnstorable);

/** Signed in; `ctx.app` is the domain context acting as this user. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user) {
    const cause = new AppError("unauthorized", ctx.sessionEnded ? SESSION_ENDED[ctx.sessionEnded] : "Sign in first.", ctx.sessionEnded ? { session_ended: ctx.sessionEnded } : {});
    throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
  }
  const app: Ctx = { db: ctx.db, requestId: ctx.requestId, actor: { type: "user", userId: user.id, role: user.role, accountId: user.accountId } };
  return next({ ctx: { ...ctx, user, app } });
});

/** Signed in as a user of an account, holding `permission`; `ctx.accountId` is that account. */
export const accountProcedure = (permission: Permission) =>
  protectedProcedure.use(async ({ ctx, next }) => {
    if (!ctx.user.accountId || ctx.user.role === "admin") throw new TRPCError({ code: "FORBIDDEN", message: "This needs a merchant or retailer account." });
    if (!can(ctx.user.role, permission)) throw new TRPCError({ code: "FORBIDDEN", message: "Your role cannot do this." });
    // A session outlives a suspension (JWT): check the account on every call.
    const [account] = await ctx.db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, ctx.user.accountId));
    if (account?.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: "This account is suspended. Contact support." });
    return next({ ctx: { ...ctx, accountId: ctx.user.accountId } });
  });

/** Admins only, holding `permission`. */
export const adminProcedure = (permission: Permission) =>
  protectedProcedure.use(({ ctx, next }) => {
    if (ctx.user.role !== "admin" || !can("admin", permission)) throw new TRPCError({ code: "FORBIDDEN", message: "Admins only." });
    return next();
  });
