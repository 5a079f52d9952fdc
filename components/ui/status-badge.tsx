const TONE: Record<string, string> = {
  succeeded: "bg-brand-100 text-brand-700",
  delivered: "bg-brand-100 text-brand-700",
  active: "bg-brand-100 text-brand-700",
  ok: "bg-brand-100 text-brand-700",
  pending: "bg-amber-100 text-amber-800",
  open: "bg-amber-100 text-amber-800",
  expiring: "bg-amber-100 text-amber-800",
  failed: "bg-red-100 text-red-800",
  error: "bg-red-100 text-red-800",
  suspended: "bg-red-100 text-red-800",
  refunded: "bg-sky-100 text-sky-800",
  reversed: "bg-violet-100 text-violet-800",
  rejected: "bg-slate-200 text-slate-700",
  revoked: "bg-slate-200 text-slate-700",
  disabled: "bg-slate-200 text-slate-700",
};

const LABEL: Record<string, string> = { succeeded: "Succeeded", failed: "Failed", pending: "Pending", refunded: "Refunded", reversed: "Reversed" };

/** A coloured pill for any status word (recharges, complaints, keys, deliveries); unknown ones are grey. */
export function StatusBadge({ status, label, className = "" }: { status: string; label?: string; className?: string }) {
  const text = label ?? LABEL[status] ?? status.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
  return (
    <span data-status={status} className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status] ?? "bg-slate-100 text-slate-700"} ${className}`}>
      {status === "pending" && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" />}
      {text}
    </span>
  );
}
