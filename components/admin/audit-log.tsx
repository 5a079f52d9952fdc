"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Pager, useCursorPages } from "@/components/ui/pager";
import { iso } from "./util";

type Entry = {
  id: string;
  action: string;
  actor: string | null;
  accountId: string | null;
  accountName: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
};

const ACTION_LABEL: Record<string, string> = {
  "wallet.credit": "Credited wallet",
  "wallet.debit": "Debited wallet",
  "account.create": "Created account",
  "account.suspend": "Suspended account",
  "account.reactivate": "Reactivated account",
  "recharge.refund": "Refunded recharge",
  "recharge.resolve_succeeded": "Marked recharge succeeded",
  "recharge.resolve_failed": "Marked recharge failed",
  "complaint.refund": "Refunded complaint",
  "complaint.reject": "Rejected complaint",
  "provider.update": "Changed provider settings",
  "provider.enable": "Enabled provider",
  "provider.disable": "Disabled provider",
  "provider.cost_update": "Changed provider cost",
  "provider.circuit_reset": "Closed provider circuit",
  "simulator.update": "Changed simulator",
  "operator.update": "Changed operator",
  "commission.create": "Added commission slab",
  "commission.update": "Changed commission slab",
  "commission.delete": "Deleted commission slab",
  "cashback_offer.create": "Created cashback offer",
  "cashback_offer.update": "Changed cashback offer",
  "cashback_offer.activate": "Switched cashback offer on",
  "cashback_offer.deactivate": "Switched cashback offer off",
  "reward_level.create": "Added reward level",
  "reward_level.update": "Changed reward level",
  "reward_level.delete": "Deleted reward level",
  "api_key.create": "Created API key",
  "api_key.revoke": "Revoked API key",
  "api_key.rotate": "Rotated API key",
  "api_key.allowlist": "Changed API key IP allow-list",
  "wallet.fund_retailer": "Funded retailer",
  "account.password_reset": "Reset retailer's password",
  "user.password_change": "Changed own password",
  "webhook.url_set": "Set webhook URL",
  "webhook.secret_rotate": "Rotated webhook secret",
  "webhook.secret_reveal": "Revealed webhook secret",
  "webhook.redeliver": "Redelivered webhook",
  "webhook.endpoint_disabled": "Paused webhook deliveries",
  "complaint.raise": "Raised complaint",
  "user.create": "Created user",
};

export const actionLabel = (action: string) => ACTION_LABEL[action] ?? action.replace(/[._]/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The few details worth a glance: amount, reason or note, what changed. */
export function auditSummary(e: Pick<Entry, "details">): string {
  const d = e.details ?? {};
  const parts: string[] = [];
  // Only amounts that name their currency are decimal strings (a refund logs minor units).
  if (typeof d.amount === "string" && typeof d.currency === "string") parts.push(`${d.amount} ${d.currency}`);
  for (const key of ["reason", "note"] as const) if (typeof d[key] === "string" && d[key]) parts.push(`“${d[key]}”`);
  if (d.changes && typeof d.changes === "object") {
    for (const [k, v] of Object.entries(d.changes as Record<string, { from: unknown; to: unknown }>)) parts.push(`${k}: ${JSON.stringify(v.from)} → ${JSON.stringify(v.to)}`);
  }
  if (typeof d.operator === "string") parts.push(`operator ${d.operator}`);
  // Targets, named: whom money went to, which URL or key, which addresses.
  if (typeof d.retailer === "string") parts.push(`to ${d.retailer}`);
  if (typeof d.url === "string") parts.push(d.url);
  else if ("url" in d && d.url === null) parts.push("URL removed");
  if (typeof d.api_key === "string") parts.push(typeof d.new_api_key === "string" ? `${d.api_key} → ${d.new_api_key}` : d.api_key);
  if (typeof d.old_key_works_until === "string") parts.push(`old key works until ${formatDateTime(d.old_key_works_until)}`);
  if (Array.isArray(d.emails)) parts.push(d.emails.join(", "));
  if (d.from && d.to && typeof d.from === "object" && typeof d.to === "object") {
    const from = d.from as Record<string, unknown>;
    const to = d.to as Record<string, unknown>;
    const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(", ") : "none") : JSON.stringify(v));
    for (const k of Object.keys(to)) if (JSON.stringify(from[k]) !== JSON.stringify(to[k])) parts.push(`${k.replaceAll("_", " ")}: ${show(from[k])} → ${show(to[k])}`);
  }
  return parts.join(" · ");
}

export function AuditEntryLine({ entry }: { entry: Entry }) {
  const summary = auditSummary(entry);
  return (
    <span className="min-w-0">
      <span className="font-medium">{actionLabel(entry.action)}</span>
      {entry.accountName && <span className="text-slate-600"> · {entry.accountName}</span>}
      {summary && <span className="text-slate-500"> · {summary}</span>}
      <span className="text-slate-400"> · by {entry.actor ?? "system"}</span>
    </span>
  );
}

function targetHref(e: Entry) {
  if (e.targetType === "recharge" && e.targetId) return `/admin/recharges/${e.targetId}`;
  if (e.targetType === "account" && e.targetId) return `/admin/accounts/${e.targetId}`;
  if (e.accountId) return `/admin/accounts/${e.accountId}`;
  return null;
}

export function AuditLogPage({ initialAccountId = "" }: { initialAccountId?: string }) {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [accountId, setAccountId] = useState(initialAccountId);
  const pages = useCursorPages();
  const actions = useQuery(trpc.admin.audit.actions.queryOptions());
  const list = useQuery(trpc.admin.audit.list.queryOptions({ action: action || undefined, accountId: accountId.trim() || undefined, cursor: pages.cursor, limit: 25 }, { placeholderData: (prev) => prev }));
  const columns: Column<Entry>[] = [
    { key: "at", header: "When", hideOnMobile: true, cell: (e) => <span className="whitespace-nowrap text-slate-600">{formatDateTime(iso(e.createdAt))}</span> },
    {
      key: "action",
      header: "Action",
      cell: (e) => (
        <span>
          <span className="font-medium">{actionLabel(e.action)}</span>
          {/* Phones drop the other columns; what matters of them goes here. */}
          <span className="block text-xs text-slate-500 sm:hidden">{formatDateTime(iso(e.createdAt))} · {e.actor ?? "system"}</span>
          {auditSummary(e) && <span className="block break-words text-xs text-slate-600 sm:hidden">{auditSummary(e)}</span>}
        </span>
      ),
    },
    {
      key: "target",
      header: "On",
      cell: (e) => {
        const href = targetHref(e);
        const text = e.accountName ?? e.targetId ?? "—";
        return href ? (
          <Link className="text-brand-700 hover:underline" href={href}>
            {text}
          </Link>
        ) : (
          text
        );
      },
    },
    { key: "details", header: "Details", hideOnMobile: true, cell: (e) => <span className="break-words text-slate-600">{auditSummary(e) || "—"}</span> },
    { key: "actor", header: "By", hideOnMobile: true, cell: (e) => <span className="text-slate-600">{e.actor ?? "system"}</span> },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every admin action, newest first." />
      <Card bodyClassName="p-0">
        <form className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()} role="search" aria-label="Filter the audit log">
          <Field id="audit-action" label="Action">
            <Select
              id="audit-action"
              value={action}
              onChange={(e) => {
                setAction(e.target.value);
                pages.reset();
              }}
            >
              <option value="">All actions</option>
              {actions.data?.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)} ({a})
                </option>
              ))}
            </Select>
          </Field>
          <Field id="audit-account" label="Account id">
            <Input
              id="audit-account"
              placeholder="acct_…"
              value={accountId}
              onChange={(e) => {
                setAccountId(e.target.value);
                pages.reset();
              }}
            />
          </Field>
        </form>
        <DataTable
          caption="Audit log entries"
          columns={columns}
          rows={list.data?.data as Entry[] | undefined}
          rowKey={(e) => e.id}
          rowTestId={() => "audit-row"}
          loading={list.isPending}
          error={list.isError ? errorMessage(list.error) : null}
          empty="No audit entries match."
        />
        <Pager page={pages.page} hasPrev={pages.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pages.prev} onNext={pages.next} busy={list.isFetching} />
      </Card>
    </div>
  );
}
