import { Webhook } from "standardwebhooks";

export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * Standard Webhooks headers for one send: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`
 * keyed with the `whsec_…` secret. The timestamp is the send time (receivers refuse stale ones),
 * so each retry is signed afresh over the same id and body.
 */
export function signWebhook(args: { id: string; timestamp: Date; body: string; secret: string }): WebhookHeaders {
  const signature = new Webhook(args.secret).sign(args.id, args.timestamp, args.body);
  return {
    "webhook-id": args.id,
    "webhook-timestamp": String(Math.floor(args.timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}
