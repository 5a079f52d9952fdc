"use client";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, fieldAria, Textarea } from "@/components/ui/field";
import { PLAIN, Reason } from "@/server/admin/schemas";

/**
 * Confirms a consequential action (refund, debit, suspension) and asks why; the reason is required
 * (the server's rule) and goes into the audit log. `children` adds fields above the reason.
 */
export function ReasonDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  tone = "danger",
  pending,
  reasonLabel = "Reason",
  reasonHint = "Recorded in the audit log.",
  serverError,
  onConfirm,
  children,
  canSubmit = true,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  pending?: boolean;
  reasonLabel?: string;
  reasonHint?: string;
  serverError?: string | null;
  onConfirm: (reason: string) => void;
  children?: React.ReactNode;
  canSubmit?: boolean | (() => boolean);
}) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setReason("");
      setError(null);
    }
  }, [open]);
  const shownError = error ?? serverError ?? null;
  function submit(event: React.FormEvent) {
    event.preventDefault();
    // Both checks run so every invalid field shows its message at once.
    const others = typeof canSubmit === "function" ? canSubmit() : canSubmit;
    const parsed = Reason.safeParse(reason, PLAIN);
    setError(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Give a reason."));
    if (!parsed.success || !others) return;
    onConfirm(parsed.data);
  }
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {children}
        <Field id={`${id}-reason`} label={reasonLabel} hint={reasonHint} error={shownError}>
          <Textarea {...fieldAria(`${id}-reason`, { hint: reasonHint, error: shownError })} rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant={tone} loading={pending}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
