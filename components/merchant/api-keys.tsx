"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { type Column, DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { errorDetails, errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input, Select, Textarea } from "@/components/ui/field";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";

type Secret = { title: string; api_key: string; api_secret: string };
type Action = { kind: "allowlist" | "rotate" | "revoke"; apiKey: string; name: string; ipAllowlist: string[] } | null;

const OVERLAPS = [
  { seconds: 0, label: "Stop the old key now" },
  { seconds: 3600, label: "Keep the old key for 1 hour" },
  { seconds: 86_400, label: "Keep the old key for 24 hours" },
  { seconds: 7 * 86_400, label: "Keep the old key for 7 days" },
];

const parseList = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** Shows a new key's secret, the only time it can be seen. */
export function SecretDialog({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  return (
    <Dialog open={Boolean(secret)} onClose={onClose} title={secret?.title ?? ""} description="Copy the secret now: it is stored hashed and will not be shown again." footer={<Button onClick={onClose}>I have saved it</Button>}>
      {secret && (
        <div className="space-y-4" data-testid="new-secret">
          {(
            [
              ["API key", secret.api_key, "api-key-value"],
              ["API secret", secret.api_secret, "api-secret-value"],
            ] as const
          ).map(([label, value, testId]) => (
            <div key={label}>
              <p className="mb-1 text-sm font-medium text-slate-700">{label}</p>
              <div className="flex items-center gap-2">
                <code className="min-w-0 flex-1 break-all rounded-lg bg-slate-100 px-3 py-2 text-sm" data-testid={testId}>
                  {value}
                </code>
                <CopyButton value={value} what={label} />
              </div>
            </div>
          ))}
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">Send both as HTTP Basic credentials (key as the user name, secret as the password).</p>
        </div>
      )}
    </Dialog>
  );
}

export function ApiKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.merchant.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [ips, setIps] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<Secret | null>(null);
  const [action, setAction] = useState<Action>(null);
  const [allowText, setAllowText] = useState("");
  const [overlap, setOverlap] = useState(86_400);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.merchant.apiKeys.list.queryKey() });
  const fail = (title: string) => (error: unknown) => {
    const fields = fieldErrors(error);
    // The verb names the offending entries; the sentence is what to show.
    if (errorDetails(error).ip_allowlist) fields.ip_allowlist = errorMessage(error);
    setErrors(fields);
    toast.error(title, errorMessage(error));
  };

  const create = useMutation(
    trpc.merchant.apiKeys.create.mutationOptions({
      onSuccess: (created) => {
        setCreating(false);
        setSecret({ title: "New API key", ...created });
        toast.success("API key created");
        void refresh();
      },
      onError: fail("Could not create the key"),
    }),
  );
  const rotate = useMutation(
    trpc.merchant.apiKeys.rotate.mutationOptions({
      onSuccess: (created) => {
        setAction(null);
        setSecret({ title: "Rotated API key", ...created });
        toast.success("Key rotated", overlap ? "The old key keeps working until its end date." : "The old key stopped working.");
        void refresh();
      },
      onError: fail("Could not rotate the key"),
    }),
  );
  const revoke = useMutation(
    trpc.merchant.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        setAction(null);
        toast.success("Key revoked", "Requests signed with it are refused from now on.");
        void refresh();
      },
      onError: fail("Could not revoke the key"),
    }),
  );
  const allowlist = useMutation(
    trpc.merchant.apiKeys.setAllowlist.mutationOptions({
      onSuccess: (r) => {
        setAction(null);
        toast.success("IP allow-list saved", r.ip_allowlist.length ? `${r.ip_allowlist.length} address(es) allowed.` : "Any address may use this key.");
        void refresh();
      },
      onError: fail("Could not save the allow-list"),
    }),
  );

  function openAction(kind: NonNullable<Action>["kind"], k: { api_key: string; name: string; ip_allowlist: readonly string[] }) {
    setErrors({});
    setAllowText(k.ip_allowlist.join("\n"));
    setOverlap(86_400);
    setAction({ kind, apiKey: k.api_key, name: k.name, ipAllowlist: [...k.ip_allowlist] });
  }

  type Row = NonNullable<typeof keys.data>[number];
  const columns: Column<Row>[] = [
    {
      key: "key",
      header: "Key",
      mobile: "title",
      cell: (k) => (
        <div>
          <code className="break-all text-xs">{k.api_key}</code>
          <span className="block text-xs text-slate-500">{k.name}</span>
        </div>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (k) => (
        <div>
          <StatusBadge status={k.status} label={k.status === "expiring" ? "Expiring" : undefined} />
          {k.status === "expiring" && <span className="mt-1 block text-xs text-slate-500">until {formatDateTime(k.revoked_at)}</span>}
        </div>
      ),
    },
    { key: "ips", header: "IP allow-list", cell: (k) => (k.ip_allowlist.length ? <span className="text-xs">{k.ip_allowlist.join(", ")}</span> : <span className="text-xs text-slate-500">Any address</span>) },
    { key: "used", header: "Last used", cell: (k) => <span title={formatDateTime(k.last_used_at)}>{formatRelative(k.last_used_at)}</span> },
    { key: "created", header: "Created", cell: (k) => formatDateTime(k.created_at) },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      mobile: "actions",
      cell: (k) =>
        k.status === "revoked" ? null : (
          <div className="flex flex-wrap justify-end gap-1">
            <Button variant="ghost" size="sm" onClick={() => openAction("allowlist", k)} aria-label={`Edit IP allow-list of ${k.api_key}`}>
              IPs
            </Button>
            {k.status === "active" && (
              <Button variant="ghost" size="sm" onClick={() => openAction("rotate", k)} aria-label={`Rotate ${k.api_key}`}>
                Rotate
              </Button>
            )}
            <Button variant="ghost" size="sm" className="text-red-700" onClick={() => openAction("revoke", k)} aria-label={`Revoke ${k.api_key}`}>
              Revoke
            </Button>
          </div>
        ),
    },
  ];

  return (
    <>
      <Card
        bodyClassName="p-0"
        title="API keys"
        description="Keys authenticate your server's calls to the recharge API. A secret is shown only when its key is created."
        actions={
          <Button
            onClick={() => {
              setName("");
              setIps("");
              setErrors({});
              setCreating(true);
            }}
          >
            Create key
          </Button>
        }
      >
        <DataTable caption="API keys" columns={columns} rows={keys.data} rowKey={(k) => k.id} rowTestId={(k) => `key-${k.api_key}`} loading={keys.isPending} error={keys.isError ? errorMessage(keys.error) : null} empty="No keys yet. Create one to start using the API." />
      </Card>

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title="Create an API key"
        footer={
          <>
            <Button variant="secondary" onClick={() => setCreating(false)}>
              Cancel
            </Button>
            <Button type="submit" form="create-key" loading={create.isPending}>
              Create key
            </Button>
          </>
        }
      >
        <form
          id="create-key"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name: name.trim() || "default", ipAllowlist: parseList(ips) });
          }}
        >
          <Field id="key-name" label="Name" hint="What uses it, e.g. “production server”." error={errors.name}>
            <Input {...fieldAria("key-name", { error: errors.name, hint: true })} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
          </Field>
          <Field id="key-ips" label="IP allow-list (optional)" hint="One address or CIDR range per line. Empty: any address." error={errors.ip_allowlist ?? errors.ipAllowlist}>
            <Textarea {...fieldAria("key-ips", { error: errors.ip_allowlist ?? errors.ipAllowlist, hint: true })} rows={3} value={ips} onChange={(e) => {
              setIps(e.target.value);
              setErrors({});
            }} placeholder="203.0.113.10&#10;198.51.100.0/24" />
          </Field>
        </form>
      </Dialog>

      <Dialog
        open={action?.kind === "allowlist"}
        onClose={() => setAction(null)}
        title="IP allow-list"
        description={action?.apiKey}
        footer={
          <>
            <Button variant="secondary" onClick={() => setAction(null)}>
              Cancel
            </Button>
            <Button loading={allowlist.isPending} onClick={() => action && allowlist.mutate({ apiKey: action.apiKey, ipAllowlist: parseList(allowText) })}>
              Save
            </Button>
          </>
        }
      >
        <Field id="allow-ips" label="Allowed addresses" hint="One address or CIDR range per line. Empty: any address may use the key." error={errors.ip_allowlist ?? errors.ipAllowlist}>
          <Textarea {...fieldAria("allow-ips", { error: errors.ip_allowlist ?? errors.ipAllowlist, hint: true })} rows={5} value={allowText} onChange={(e) => {
              setAllowText(e.target.value);
              setErrors({});
            }} />
        </Field>
      </Dialog>

      <Dialog
        open={action?.kind === "rotate"}
        onClose={() => setAction(null)}
        title="Rotate this key?"
        description="You get a new key and secret with the same name and allow-list."
        footer={
          <>
            <Button variant="secondary" onClick={() => setAction(null)}>
              Cancel
            </Button>
            <Button loading={rotate.isPending} onClick={() => action && rotate.mutate({ apiKey: action.apiKey, overlapSeconds: overlap })}>
              Rotate key
            </Button>
          </>
        }
      >
        <Field id="overlap" label="The old key" hint="An overlap lets you deploy the new secret before the old one stops working.">
          <Select {...fieldAria("overlap", { hint: true })} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
            {OVERLAPS.map((o) => (
              <option key={o.seconds} value={o.seconds}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      </Dialog>

      <Dialog
        open={action?.kind === "revoke"}
        onClose={() => setAction(null)}
        title="Revoke this key?"
        description={action?.apiKey}
        footer={
          <>
            <Button variant="secondary" onClick={() => setAction(null)}>
              Cancel
            </Button>
            <Button variant="danger" loading={revoke.isPending} onClick={() => action && revoke.mutate({ apiKey: action.apiKey })}>
              Revoke key
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">Every request made with this key will be refused at once. This cannot be undone.</p>
      </Dialog>

      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
