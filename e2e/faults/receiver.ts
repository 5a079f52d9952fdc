// A merchant's webhook receiver that can misbehave on cue: refuse connections, answer 500 or 410,
// or answer only after a long pause. Every delivery is verified with the `standardwebhooks` library.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceiverMode = "ok" | "down" | "500" | "410" | "slow";

export type Received = { id: string; type: string; subject: string | null; verified: boolean; at: number };

export class Receiver {
  private server: Server | null = null;
  private port = 0;
  mode: ReceiverMode = "ok";
  slowMs = 20_000;
  /** Only deliveries answered 2xx (the ones the merchant's code took in). */
  readonly accepted: Received[] = [];
  attempts = 0;
  /** Attempts that reached us, per misbehaviour in force when they arrived. */
  readonly attemptsByMode: Record<string, number> = {};

  constructor(private readonly secrets: Map<string, string>) {}

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0) {
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", async () => {
        this.attempts += 1;
        const mode = this.mode;
        this.attemptsByMode[mode] = (this.attemptsByMode[mode] ?? 0) + 1;
        if (mode === "500") return res.writeHead(500).end("oops");
        if (mode === "410") return res.writeHead(410).end("gone");
        if (mode === "slow") await new Promise((r) => setTimeout(r, this.slowMs));
        this.accepted.push(this.verify(body, req));
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private verify(body: string, req: IncomingMessage): Received {
    const headers = req.headers as Record<string, string>;
    const parsed = JSON.parse(body) as { type: string; data: { id?: string; account_id?: string } };
    let verified = false;
    for (const secret of this.secrets.values()) {
      try {
        new Webhook(secret).verify(body, headers);
        verified = true;
        break;
      } catch {}
    }
    return { id: headers["webhook-id"], type: parsed.type, subject: parsed.data?.id ?? null, verified, at: Date.now() };
  }

  /** Connection refused from now on (the port stays ours: we listen again on it in `up`). */
  async down() {
    this.mode = "down";
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    await closed;
  }

  async up() {
    this.mode = "ok";
    if (!this.server) await this.start(this.port);
  }

  async stop() {
    await this.down();
  }
}
