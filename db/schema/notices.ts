import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * Which notices (server/notifications/notices.ts: reversals, refunds, answered complaints) a user has
 * opened. The notices themselves are derived from orders and complaints; only the read state is kept,
 * per user, so it follows them from one browser to the next.
 */
export const noticeReads = pgTable(
  "notice_reads",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The notice's id as listNotices makes it ("evt:<event id>", "cmp:<complaint id>:<status>").
    noticeId: text("notice_id").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.noticeId] })],
);
