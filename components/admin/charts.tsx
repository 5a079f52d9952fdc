// Plain SVG charts (no chart library): bars of calls per hour split into answered and failed, and
// average / p95 latency lines. Each chart carries a text summary for screen readers.

type Bucket = { hour: string; calls: number; errors: number; avgLatencyMs: number | null; p95LatencyMs: number | null };

const hourLabel = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

export function CallsChart({ series, label }: { series: Bucket[]; label: string }) {
  const max = Math.max(1, ...series.map((b) => b.calls));
  const total = series.reduce((n, b) => n + b.calls, 0);
  const errors = series.reduce((n, b) => n + b.errors, 0);
  const w = 240;
  const h = 60;
  const step = w / series.length;
  const summary = total ? `${label}: ${total} calls in 24 hours, ${errors} failed (${(((total - errors) / total) * 100).toFixed(1)}% succeeded).` : `${label}: no calls in 24 hours.`;
  return (
    <figure className="space-y-1">
      <div className="flex items-baseline justify-between text-xs text-slate-500">
        <figcaption>Calls per hour <span className="ml-2 inline-flex items-center gap-1"><i className="inline-block h-2 w-2 rounded-sm bg-brand-500" aria-hidden="true" />ok</span> <span className="ml-1 inline-flex items-center gap-1"><i className="inline-block h-2 w-2 rounded-sm bg-red-500" aria-hidden="true" />failed</span></figcaption>
        <span className="tabular-nums">{total ? `max ${max}` : "no calls"}</span>
      </div>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" className="h-16 w-full rounded bg-slate-50" role="img" aria-label={summary}>
        {series.map((b, i) => {
          const okH = ((b.calls - b.errors) / max) * (h - 2);
          const errH = (b.errors / max) * (h - 2);
          const x = i * step + 1;
          return (
            <g key={b.hour}>
              <title>{`${hourLabel(b.hour)}: ${b.calls} calls, ${b.errors} failed`}</title>
              {b.errors > 0 && <rect x={x} y={h - errH} width={step - 2} height={errH} className="fill-red-500" />}
              {b.calls - b.errors > 0 && <rect x={x} y={h - errH - okH} width={step - 2} height={okH} className="fill-brand-500" />}
              {b.calls === 0 && <rect x={x} y={h - 1} width={step - 2} height={1} className="fill-slate-200" />}
            </g>
          );
        })}
      </svg>
      <Axis series={series} />
    </figure>
  );
}

export function LatencyChart({ series, label }: { series: Bucket[]; label: string }) {
  const max = Math.max(1, ...series.map((b) => b.p95LatencyMs ?? b.avgLatencyMs ?? 0));
  const w = 240;
  const h = 60;
  const step = w / series.length;
  const line = (pick: (b: Bucket) => number | null) => {
    // Separate segments where an hour had no calls, so a gap is not drawn as a slope.
    const segments: string[][] = [[]];
    series.forEach((b, i) => {
      const v = pick(b);
      if (v === null) {
        if (segments[segments.length - 1].length) segments.push([]);
        return;
      }
      segments[segments.length - 1].push(`${(i * step + step / 2).toFixed(1)},${(h - 2 - (v / max) * (h - 6)).toFixed(1)}`);
    });
    return segments.filter((s) => s.length);
  };
  const withData = series.filter((b) => b.avgLatencyMs !== null);
  const last = withData[withData.length - 1];
  const summary = last ? `${label}: latency in the last active hour averaged ${last.avgLatencyMs} ms, p95 ${last.p95LatencyMs} ms; highest p95 in 24 hours ${max} ms.` : `${label}: no latency data in 24 hours.`;
  return (
    <figure className="space-y-1">
      <div className="flex items-baseline justify-between text-xs text-slate-500">
        <figcaption>Latency <span className="ml-2 inline-flex items-center gap-1"><i className="inline-block h-0.5 w-3 bg-brand-600" aria-hidden="true" />avg</span> <span className="ml-1 inline-flex items-center gap-1"><i className="inline-block h-0.5 w-3 bg-amber-500" aria-hidden="true" />p95</span></figcaption>
        <span className="tabular-nums">{withData.length ? `max ${max} ms` : "no calls"}</span>
      </div>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" className="h-16 w-full rounded bg-slate-50" role="img" aria-label={summary}>
        {line((b) => b.p95LatencyMs).map((pts, i) => (pts.length === 1 ? <circle key={`p${i}`} cx={pts[0].split(",")[0]} cy={pts[0].split(",")[1]} r={1.5} className="fill-amber-500" /> : <polyline key={`p${i}`} points={pts.join(" ")} fill="none" className="stroke-amber-500" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />))}
        {line((b) => b.avgLatencyMs).map((pts, i) => (pts.length === 1 ? <circle key={`a${i}`} cx={pts[0].split(",")[0]} cy={pts[0].split(",")[1]} r={1.5} className="fill-brand-600" /> : <polyline key={`a${i}`} points={pts.join(" ")} fill="none" className="stroke-brand-600" strokeWidth={2} vectorEffect="non-scaling-stroke" />))}
      </svg>
      <Axis series={series} />
    </figure>
  );
}

function Axis({ series }: { series: Bucket[] }) {
  if (!series.length) return null;
  return (
    <div className="flex justify-between text-[10px] text-slate-400" aria-hidden="true">
      <span>{hourLabel(series[0].hour)}</span>
      <span>{hourLabel(series[Math.floor(series.length / 2)].hour)}</span>
      <span>now</span>
    </div>
  );
}
