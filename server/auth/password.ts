import { verify } from "argon2";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog, users } from "@/db/schema";
import { hashPassword } from "@/server/accounts/accounts";
import { type Ctx, actorRef, withTransaction } from "@/server/context";
import { AppError, Forbidden, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { hitRateLimit } from "@/server/lib/rate-limit";
import { passwordHashes } from "./sign-in";

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200, "That is not your current password: it is longer than any password here."),
  newPassword: z.string().min(8, "Password must have at least 8 characters.").max(200, "Keep the password under 200 characters."),
});
export type ChangePasswordInput = z.input<typeof ChangePasswordInput>;

/**
 * A signed-in user changes their own password. Every session of theirs ends (the session version
 * goes up), this one included: "sign out everywhere" is part of the change.
 */
export async function changePassword(args: { ctx: Ctx; input: ChangePasswordInput }) {
  const { actor } = args.ctx;
  if (actor.type !== "user") throw Forbidden("Only a signed-in user can change their password.");
  const input = ChangePasswordInput.parse(args.input);
  if (input.newPassword === input.currentPassword) throw ValidationFailed("Choose a new password that differs from the current one.", { newPassword: "Choose a new password that differs from the current one." });
  const limit = await hitRateLimit(args.ctx.db, `password-change:${actor.userId}`, 10, 900);
  if (!limit.allowed) throw new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.", { retry_after_seconds: limit.retryAfterSeconds });
  const [user] = await args.ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw Forbidden("This user no longer exists.");
  const valid = await passwordHashes.run(() => verify(user.passwordHash, input.currentPassword).catch(() => false));
  if (!valid) throw ValidationFailed("The current password is wrong.", { currentPassword: "The current password is wrong." });
  const passwordHash = await passwordHashes.run(() => hashPassword(input.newPassword));
  return withTransaction(args.ctx, async (tx) => {
    const [updated] = await tx.db
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, sessionsEndedBy: "password_changed" })
      .where(eq(users.id, user.id))
      .returning({ version: users.sessionVersion });
    await tx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(tx.actor), accountId: user.accountId, action: "user.password_change", targetType: "user", targetId: user.id, details: { signed_out_everywhere: true }, requestId: tx.requestId });
    return { signedOutEverywhere: true as const, sessionVersion: updated.version };
  });
}
