import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signWebhook } from "./sign";

describe("signWebhook", () => {
  it("matches the Standard Webhooks reference vector", () => {
    const headers = signWebhook({
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    });
    expect(headers).toEqual({
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("verifies with the library now, and not once the body changes", () => {
    const secret = `whsec_${Buffer.from("a-32-byte-secret-for-the-tests!!").toString("base64")}`;
    const body = JSON.stringify({ type: "test.ping", timestamp: new Date().toISOString(), data: {} });
    const headers = signWebhook({ id: "evt_1", timestamp: new Date(), body, secret });
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: "test.ping" });
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});
