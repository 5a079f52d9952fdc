"use client";

const HEALTH_TONE = { healthy: "bg-brand-100 text-brand-700", degraded: "bg-amber-100 text-amber-800", down: "bg-red-100 text-red-800", disabled: "bg-slate-200 text-slate-700" } as const;
const HEALTH_LABEL = { healthy: "Healthy", degraded: "Degraded", down: "Down", disabled: "Disabled" } as const;

export function HealthPill({ health, testId }: { health: keyof typeof HEALTH_TONE; testId?: string }) {
  return (
    <span data-testid={testId} data-health={health} className={`mt-1 inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${HEALTH_TONE[health]}`}>
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-current" />
      {HEALTH_LABEL[health]}
    </span>
  );
}
