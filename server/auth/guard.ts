import { redirect } from "next/navigation";
import { type Role, canOpenArea } from "./permissions";
import { getSession } from "./session";

export type Area = "admin" | "merchant" | "retail";

/** For an area's layout: signed-out users go to sign-in; other roles are refused (not redirected). */
export async function requireArea(area: Area) {
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=/${area}`);
  return { user: session.user, allowed: canOpenArea(session.user.role as Role, area) };
}
