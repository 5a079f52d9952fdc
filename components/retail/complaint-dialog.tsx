"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Select, Textarea } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { RaiseComplaintInput } from "@/server/complaints/schemas";

export const COMPLAINT_KIND_LABEL: Record<string, string> = {
  not_received: "Succeeded but the customer did not receive it",
  wrong_number: "Sent to the wrong number",
  wrong_amount: "Wrong amount",
  other: "Something else",
};

export type ComplaintTarget = { id: string; label: string };

/** Raises a complaint about one recharge; the admin's answer shows on the Complaints page. */
export function ComplaintDialog({ target, onClose }: { target: ComplaintTarget | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState("not_received");
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setKind("not_received");
    setMessage("");
    setErrors({});
  }, [target?.id]);

  const raise = useMutation(
    trpc.retail.complaints.raise.mutationOptions({
      onSuccess: () => {
        toast.success("Complaint raised", "We will look into it and tell you the outcome on the Complaints page.");
        void queryClient.invalidateQueries({ queryKey: trpc.retail.complaints.pathKey() });
        onClose();
      },
      onError: (error) => {
        setErrors(fieldErrors(error));
        toast.error("Could not raise the complaint", errorMessage(error));
      },
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!target) return;
    const parsed = RaiseComplaintInput.safeParse({ rechargeId: target.id, kind, message });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    raise.mutate(parsed.data);
  }

  return (
    <Dialog
      open={Boolean(target)}
      onClose={onClose}
      title="Report a problem"
      description={target?.label}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="complaint-form" loading={raise.isPending}>
            Raise complaint
          </Button>
        </>
      }
    >
      <form id="complaint-form" onSubmit={submit} className="space-y-4" noValidate>
        <Field id="complaint-kind" label="What went wrong?" error={errors.kind}>
          <Select {...fieldAria("complaint-kind", { error: errors.kind })} value={kind} onChange={(e) => {
              setKind(e.target.value);
              setErrors((prev) => ({ ...prev, kind: "" }));
            }}>
            {Object.entries(COMPLAINT_KIND_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="complaint-message" label="Details" hint="What the customer told you, when they checked, anything that helps." error={errors.message}>
          <Textarea {...fieldAria("complaint-message", { error: errors.message, hint: true })} rows={4} value={message} onChange={(e) => {
              setMessage(e.target.value);
              setErrors((prev) => ({ ...prev, message: "" }));
            }} maxLength={1000} />
        </Field>
      </form>
    </Dialog>
  );
}
