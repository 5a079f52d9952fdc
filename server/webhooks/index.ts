// Webhooks to merchants (API.md §4): the outbox, signing, delivery and the account's settings.
export { WEBHOOK_EVENT_TYPES, type EnqueueWebhookInput, type WebhookEventType, enqueueWebhook } from "./enqueue";
export { signWebhook, type WebhookHeaders } from "./sign";
export { MAX_ATTEMPTS, RETRY_DELAYS_MS, nextAttempt, parseRetryAfter } from "./schedule";
export { assertDeliverableUrl, classifyAddress, validateWebhookUrl } from "./ssrf";
export { deliverDueWebhooks, deliverWebhook } from "./deliver";
export {
  ListWebhookDeliveriesInput,
  RedeliverWebhookInput,
  SetWebhookUrlInput,
  type WebhookAttemptObject,
  type WebhookDeliveryObject,
  attemptObject,
  deliveryObject,
  getWebhookDelivery,
  getWebhookSettings,
  listWebhookDeliveries,
  redeliverWebhook,
  revealWebhookSecret,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookUrl,
} from "./settings";
