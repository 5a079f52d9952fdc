import { checkRechargeStatus } from "./check-recharge-status";
import { deliverWebhookFn } from "./deliver-webhook";
import { processRecharge } from "./process-recharge";
import { reconcileProviders } from "./reconcile-providers";
import { sweeper } from "./sweeper";

export const functions = [processRecharge, checkRechargeStatus, sweeper, deliverWebhookFn, reconcileProviders];
