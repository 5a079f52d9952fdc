import { Card, PageHeader } from "@/components/ui/card";
import { getSession } from "@/server/auth/session";
import { ChangePasswordForm } from "./change-password-form";

const ROLE_LABEL = { admin: "Admin", merchant: "Merchant", retailer: "Retailer" } as const;

/** The signed-in user's own settings, the same for every role (each area's layout has checked the session). */
export async function AccountPage() {
  const session = await getSession();
  if (!session) return null;
  const { user } = session;
  return (
    <div className="space-y-6">
      <PageHeader title="Your account" description={`Signed in as ${user.email} · ${ROLE_LABEL[user.role]}`} />
      <Card title="Change password">
        <ChangePasswordForm email={user.email} />
      </Card>
    </div>
  );
}
