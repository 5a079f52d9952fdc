// One role → permission table for the dashboard (tRPC) and the public API alike.

export const ROLES = ["admin", "merchant", "retailer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "recharges.read",
  "recharges.write",
  "wallet.read",
  "keys.manage",
  "webhooks.manage",
  "retailers.manage",
  "complaints.write",
  "deposits.write",
  "admin.accounts",
  "admin.wallets",
  "admin.recharges",
  "admin.providers",
  "admin.catalog",
  "admin.audit",
  "admin.deposits",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ACCOUNT_PERMISSIONS: Permission[] = ["recharges.read", "recharges.write", "wallet.read", "keys.manage", "webhooks.manage", "complaints.write", "deposits.write"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  merchant: [...ACCOUNT_PERMISSIONS, "retailers.manage"],
  retailer: ACCOUNT_PERMISSIONS,
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which dashboard area each role lands in, and which areas it may open. */
export const ROLE_HOME: Record<Role, string> = { admin: "/admin", merchant: "/merchant", retailer: "/retail" };

export function canOpenArea(role: Role, area: "admin" | "merchant" | "retail"): boolean {
  return ROLE_HOME[role] === `/${area}`;
}
