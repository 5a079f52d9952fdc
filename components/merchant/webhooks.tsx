"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, Skeleton } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";

/** One name per delivery state, the same in the filter, the list and the drawer. */
const DELIVERY_LABEL: Record<DeliveryStatus, string> = { delivered: "Delivered", pending: "Scheduled", failed: "Failed", disabled: "Paused" };

type Attempt = { status_code: number | null; latency_ms: number; error: string | null; delivered: boolean };
const describeAttempt = (a: Attempt) => (a.status_code ? `HTTP ${a.status_code} in ${a.latency_ms} ms` : `${a.error ?? "No response"} after ${a.latency_ms} ms`);

function Endpoint() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.merchant.webhooks.settings.queryOptions());
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setUrl(settings.data.webhook_url ?? "");
  }, [settings.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.merchant.webhooks.settings.queryKey() });

  const save = useMutation(
    trpc.merchant.webhooks.setUrl.mutationOptions({
      onSuccess: (r) => {
        setError(null);
        toast.success(r.webhook_url ? "Webhook endpoint saved" : "Webhook endpoint removed");
        void refresh();
      },
      onError: (e) => {
        setError(fieldErrors(e).url ?? errorMessage(e));
        toast.error("Could not save the endpoint", errorMessage(e));
      },
    }),
  );
  const test = useMutation(
    trpc.merchant.webhooks.sendTest.mutationOptions({
      onSuccess: (a) => {
        if (a.delivered) toast.success("Test event delivered", describeAttempt(a));
        else toast.error("Test event not accepted", describeAttempt(a));
        void queryClient.invalidateQueries({ queryKey: trpc.merchant.webhooks.deliveries.pathKey() });
      },
      onError: (e) => toast.error("Could not send the test event", errorMessage(e)),
    }),
  );

  const saved = settings.data?.webhook_url ?? "";
  return (
    <Card title="Endpoint" description="We POST a signed JSON message here when a recharge ends (Standard Webhooks headers).">
      {settings.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ url: url.trim() || null });
          }}
          className="space-y-3"
        >
          {settings.data?.webhook_disabled_at && (
            <p role="alert" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Deliveries were paused on {formatDateTime(settings.data.webhook_disabled_at)} because your endpoint answered 410 Gone. Save the endpoint again to resume.
            </p>
          )}
          <Field id="webhook-url" label="Endpoint URL" error={error}>
            <Input {...fieldAria("webhook-url", { error })} type="url" inputMode="url" placeholder="https://example.com/refill/webhooks" value={url} onChange={(e) => {
                setUrl(e.target.value);
                setError(null);
              }} />
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
            {saved && (
              <Button variant="secondary" loading={test.isPending} onClick={() => test.mutate()}>
                Send test event
              </Button>
            )}
            {saved && (
              <Button variant="ghost" className="text-red-700" onClick={() => save.mutate({ url: null })} disabled={save.isPending}>
                Remove endpoint
              </Button>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}

function SigningSecret() {
  const trpc = useTRPC();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reveal = useMutation(
    trpc.merchant.webhooks.revealSecret.mutationOptions({
      onSuccess: (r) => setSecret(r.webhook_secret),
      onError: (e) => toast.error("Could not reveal the secret", errorMessage(e)),
    }),
  );
  const rotate = useMutation(
    trpc.merchant.webhooks.rotateSecret.mutationOptions({
      onSuccess: (r) => {
        setConfirming(false);
        setSecret(r.webhook_secret);
        toast.success("Signing secret rotated", "Update your receiver: the next messages are signed with the new secret.");
      },
      onError: (e) => toast.error("Could not rotate the secret", errorMessage(e)),
    }),
  );
  return (
    <Card title="Signing secret" description="Verify the webhook-signature header with it. Every reveal is recorded in the audit log.">
      {secret ? (
        <div className="flex flex-wrap items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded-lg bg-slate-100 px-3 py-2 text-sm" data-testid="webhook-secret">
            {secret}
          </code>
          <CopyButton value={secret} what="Signing secret" />
          <Button variant="ghost" size="sm" onClick={() => setSecret(null)}>
            Hide
          </Button>
        </div>
      ) : (
        <p className="font-mono text-sm tracking-widest text-slate-400" aria-label="Hidden secret">
          whsec_••••••••••••••••••••
        </p>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        {!secret && (
          <Button variant="secondary" loading={reveal.isPending} onClick={() => reveal.mutate()}>
            Reveal
          </Button>
        )}
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Rotate
        </Button>
      </div>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the signing secret?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              Rotate secret
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">The old secret stops signing at once, including retries of messages not yet delivered. Update your receiver right after.</p>
      </Dialog>
    </Card>
  );
}

function DeliveryDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.merchant.webhooks.delivery.queryOptions({ deliveryId: id ?? "" }, { enabled: Boolean(id) }));
  const redeliver = useMutation(
    trpc.merchant.webhooks.redeliver.mutationOptions({
      onSuccess: (a) => {
        if (a.delivered) toast.success("Delivered again", describeAttempt(a));
        else toast.error("Redelivery not accepted", describeAttempt(a));
        void queryClient.invalidateQueries({ queryKey: trpc.merchant.webhooks.pathKey() });
      },
      onError: (e) => toast.error("Could not redeliver", errorMessage(e)),
    }),
  );
  const d = detail.data;
  return (
    <Dialog
      open={Boolean(id)}
      onClose={onClose}
      variant="drawer"
      title="Webhook delivery"
      description={d ? `${d.type} · ${d.id}` : undefined}
      footer={
        <Button loading={redeliver.isPending} onClick={() => id && redeliver.mutate({ deliveryId: id })} disabled={!d}>
          Redeliver now
        </Button>
      }
    >
      {detail.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : detail.isError ? (
        <p role="alert" className="text-red-700">
          {errorMessage(detail.error)}
        </p>
      ) : d ? (
        <div className="space-y-5">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <StatusBadge status={d.status} label={DELIVERY_LABEL[d.status as DeliveryStatus]} />
            <span className="break-all text-slate-600">{d.url}</span>
          </div>
          <section aria-labelledby="attempts-h">
            <h3 id="attempts-h" className="mb-2 font-semibold">
              Attempts
            </h3>
            {d.attempts.length === 0 ? (
              <p className="text-sm text-slate-500">Not attempted yet{d.next_attempt_at ? `; next at ${formatDateTime(d.next_attempt_at)}` : ""}.</p>
            ) : (
              <ol className="space-y-2" data-testid="attempts">
                {d.attempts.map((a) => (
                  <li key={a.id} className="rounded-lg border border-slate-200 p-3 text-sm">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium">
                        #{a.attempt} {a.trigger === "manual" ? "(manual)" : ""}
                      </span>
                      <StatusBadge status={a.delivered ? "delivered" : "failed"} label={a.status_code ? `HTTP ${a.status_code}` : "No response"} />
                    </div>
                    <p className="mt-1 text-xs text-slate-500">
                      {formatDateTime(a.created_at)} · {a.latency_ms} ms
                    </p>
                    {a.error && <p className="mt-1 text-xs text-red-700">{a.error}</p>}
                    {a.response_excerpt && <pre className="mt-2 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{a.response_excerpt}</pre>}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="payload-h">
            <h3 id="payload-h" className="mb-2 font-semibold">
              Payload
            </h3>
            <pre className="max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(d.payload, null, 2)}</pre>
          </section>
        </div>
      ) : null}
    </Dialog>
  );
}

type DeliveryStatus = "pending" | "delivered" | "failed" | "disabled";

function DeliveryLog() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const [openId, setOpenId] = useState<string | null>(null);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [status, reset]);
  const list = useQuery(trpc.merchant.webhooks.deliveries.queryOptions({ status: status || undefined, cursor: pages.cursor, limit: 20 }, { placeholderData: keepPreviousData, refetchInterval: 10_000 }));

  type Row = NonNullable<typeof list.data>["data"][number];
  const columns: Column<Row>[] = [
    { key: "when", header: "Created", cell: (d) => <span className="whitespace-nowrap">{formatDateTime(d.created_at)}</span> },
    {
      key: "type",
      header: "Event",
      mobile: "title",
      cell: (d) => (
        <div>
          <span className="font-medium">{d.type}</span>
          {d.reference && <span className="block break-all text-xs font-medium text-slate-700" data-testid="delivery-reference">{d.reference}</span>}
          {d.subject_id && <span className="block break-all text-xs text-slate-500">{d.subject_id}</span>}
        </div>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (d) => (
        <div>
          <StatusBadge status={d.status} label={DELIVERY_LABEL[d.status]} />
          <span className="mt-0.5 block text-xs text-slate-500" data-testid="delivery-progress">
            {d.attempt_count} {d.attempt_count === 1 ? "attempt" : "attempts"}
            {d.last_status_code ? ` · your endpoint answered ${d.last_status_code}` : ""}
            {d.next_attempt_at ? ` · next attempt ${formatDateTime(d.next_attempt_at)}` : ""}
          </span>
        </div>
      ),
    },
    {
      key: "open",
      header: <span className="sr-only">Details</span>,
      mobile: "actions",
      align: "right",
      cell: (d) => (
        <Button variant="ghost" size="sm" onClick={() => setOpenId(d.id)} aria-label={`Details of ${d.type} delivery`}>
          Details
        </Button>
      ),
    },
  ];

  return (
    <Card
      title="Delivery log"
      bodyClassName="p-0"
      actions={
        <div>
          <label htmlFor="d-status" className="sr-only">
            Status
          </label>
          <Select id="d-status" value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | "")}>
            <option value="">All statuses</option>
            {(Object.keys(DELIVERY_LABEL) as DeliveryStatus[]).map((s) => (
              <option key={s} value={s}>
                {DELIVERY_LABEL[s]}
              </option>
            ))}
          </Select>
        </div>
      }
    >
      <DataTable
        caption="Webhook deliveries"
        columns={columns}
        rows={list.data?.data}
        rowKey={(d) => d.id}
        rowTestId={(d) => `delivery-${d.type}`}
        loading={list.isPending}
        error={list.isError ? errorMessage(list.error) : null}
        empty="No deliveries yet. Send a test event, or wait for a recharge to end."
      />
      <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.next_cursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      <DeliveryDrawer id={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}

export function Webhooks() {
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <Endpoint />
        <SigningSecret />
      </div>
      <DeliveryLog />
    </div>
  );
}
