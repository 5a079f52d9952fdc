"use client";
// Toasts without a provider: `toast.success(...)` from anywhere, one <Toaster /> per layout renders them.
import { useSyncExternalStore } from "react";

export type ToastKind = "success" | "error" | "info";
export type ToastItem = { id: number; kind: ToastKind; title: string; description?: string };

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function push(kind: ToastKind, title: string, description?: string) {
  const id = nextId++;
  items = [...items.slice(-2), { id, kind, title, description }];
  emit();
  setTimeout(() => dismiss(id), kind === "error" ? 8000 : 4000);
  return id;
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

export const toast = {
  success: (title: string, description?: string) => push("success", title, description),
  error: (title: string, description?: string) => push("error", title, description),
  info: (title: string, description?: string) => push("info", title, description),
  dismiss,
};

const STYLE: Record<ToastKind, string> = {
  success: "border-brand-500 bg-brand-50 text-brand-700",
  error: "border-red-400 bg-red-50 text-red-800",
  info: "border-slate-300 bg-white text-slate-800",
};
const EMPTY: ToastItem[] = [];

export function Toaster() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => items,
    () => EMPTY,
  );
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:inset-x-auto sm:right-0 sm:items-end print:hidden">
      {list.map((t) => (
        <div key={t.id} role={t.kind === "error" ? "alert" : "status"} data-testid={`toast-${t.kind}`} className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border-l-4 px-4 py-3 shadow-lg ${STYLE[t.kind]}`}>
          <div className="min-w-0 flex-1">
            <p className="font-medium">{t.title}</p>
            {t.description && <p className="mt-0.5 text-sm opacity-90">{t.description}</p>}
          </div>
          <button type="button" onClick={() => dismiss(t.id)} className="rounded px-1 text-lg leading-none opacity-60 hover:opacity-100" aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
