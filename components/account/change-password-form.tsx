"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { errorMessage, fieldErrors } from "@/components/ui/errors";
import { Field, fieldAria, Input } from "@/components/ui/field";

type Fields = "currentPassword" | "newPassword" | "confirmPassword";
const EMPTY: Record<Fields, string> = { currentPassword: "", newPassword: "", confirmPassword: "" };

/**
 * Signs this browser in again with the new password (next-auth's own credentials endpoint: CSRF token,
 * then POST), without shipping next-auth's client bundle. True when a fresh session cookie was set.
 */
async function signInAgain(email: string, password: string): Promise<boolean> {
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    });
    const { url } = (await res.json()) as { url?: string };
    return res.ok && Boolean(url) && !new URL(url as string, window.location.href).searchParams.has("error");
  } catch {
    return false;
  }
}

/**
 * Current password, new one twice. On success every session of the user ends (the server bumps the
 * session version), this browser's too; the form then signs this browser in again with the new password,
 * so the user stays here while every other browser and device is signed out. Both outcomes are said.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<"signed-in" | "sign-in-again" | null>(null);
  const [reconnecting, setReconnecting] = useState(false);

  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: async (_result, input) => {
        setValues(EMPTY);
        setReconnecting(true);
        const ok = await signInAgain(email, input.newPassword);
        setReconnecting(false);
        setDone(ok ? "signed-in" : "sign-in-again");
        if (ok) router.refresh();
      },
      onError: (error) => {
        const fields = fieldErrors(error);
        const next: Partial<Record<Fields, string>> = {};
        if (fields.currentPassword) next.currentPassword = fields.currentPassword;
        if (fields.newPassword) next.newPassword = fields.newPassword;
        setErrors(next);
        // Whatever has no field (too many attempts, a session that ended meanwhile) goes on top.
        setFormError(Object.keys(next).length ? null : errorMessage(error));
        const first = (["currentPassword", "newPassword"] as const).find((k) => next[k]);
        if (first) document.getElementById(first)?.focus();
      },
    }),
  );

  function set(name: Fields) {
    return (e: React.ChangeEvent<HTMLInputElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      setErrors((x) => ({ ...x, [name]: undefined }));
    };
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    setDone(null);
    const next: Partial<Record<Fields, string>> = {};
    if (!values.currentPassword) next.currentPassword = "Enter your current password.";
    if (!values.newPassword) next.newPassword = "Enter a new password.";
    else if (values.newPassword.length < 8) next.newPassword = "Password must have at least 8 characters.";
    else if (values.newPassword.length > 200) next.newPassword = "Keep the password under 200 characters.";
    else if (values.newPassword === values.currentPassword) next.newPassword = "Choose a new password that differs from the current one.";
    if (!next.newPassword && values.confirmPassword !== values.newPassword) next.confirmPassword = values.confirmPassword ? "The two new passwords do not match." : "Type the new password again.";
    setErrors(next);
    const first = (["currentPassword", "newPassword", "confirmPassword"] as const).find((k) => next[k]);
    if (first) return document.getElementById(first)?.focus();
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  }

  const busy = change.isPending || reconnecting;
  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4">
      <p className="text-sm text-slate-600">
        Changing your password signs you out on every other browser and device. You stay signed in here.
      </p>
      {formError && (
        <p role="alert" data-testid="password-form-error" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {formError}
        </p>
      )}
      {done === "signed-in" && (
        <p role="status" data-testid="password-changed" className="rounded-lg border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-800">
          Password changed. Every other browser and device where you were signed in has been signed out; you are still signed in here.
        </p>
      )}
      {done === "sign-in-again" && (
        <p role="status" data-testid="password-changed" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          Password changed, and every session was signed out, this one too.{" "}
          <a href="/signin" className="underline">Sign in with the new password</a>.
        </p>
      )}
      {/* The email, for password managers: they save the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input {...fieldAria("currentPassword", { error: errors.currentPassword })} type="password" autoComplete="current-password" value={values.currentPassword} onChange={set("currentPassword")} />
      </Field>
      <Field id="newPassword" label="New password" hint="At least 8 characters." error={errors.newPassword}>
        <Input {...fieldAria("newPassword", { error: errors.newPassword, hint: true })} type="password" autoComplete="new-password" value={values.newPassword} onChange={set("newPassword")} />
      </Field>
      <Field id="confirmPassword" label="New password again" error={errors.confirmPassword}>
        <Input {...fieldAria("confirmPassword", { error: errors.confirmPassword })} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} />
      </Field>
      <Button type="submit" loading={busy}>
        {reconnecting ? "Keeping you signed in…" : "Change password"}
      </Button>
    </form>
  );
}
