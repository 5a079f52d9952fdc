export * from "./accounts";
export * from "./api-keys";
export * from "./audit";
export * from "./catalog";
export * from "./ledger";
export * from "./rate-limits";
export * from "./recharges";
