import { formatDate } from "@/components/ui/format";

type Day = { date: string; volume: string; succeeded: number; failed: number; pending: number };

const W = 700;
const H = 200;

/**
 * Daily succeeded volume as bars in plain SVG (stretched to the card's width), with day labels and
 * failure markers as HTML so text keeps its size on any screen. A table carries the numbers for
 * screen readers.
 */
export function VolumeChart({ days, currency }: { days: Day[]; currency: string }) {
  // Heights only: floats are fine for drawing, never for money.
  const values = days.map((d) => Number(d.volume));
  const max = Math.max(...values, 0);
  const slot = W / Math.max(days.length, 1);
  const barW = slot * 0.64;
  const total = days.reduce((s, d) => s + d.succeeded, 0);
  const label = (d: Day) => new Date(`${d.date}T00:00:00`).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  const columns = { gridTemplateColumns: `repeat(${days.length}, minmax(0, 1fr))` };

  return (
    <figure>
      <div className="mb-1 flex justify-between text-xs text-slate-500">
        <span>{currency}</span>
        <span className="tabular-nums">{max > 0 ? `max ${max.toFixed(2)}` : "no volume yet"}</span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-40 w-full sm:h-52"
        role="img"
        aria-label={`Succeeded volume per day over the last ${days.length} days; peak ${max.toFixed(2)} ${currency}, ${total} successful recharges.`}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1={0} x2={W} y1={H * (1 - f)} y2={H * (1 - f)} className="stroke-slate-100" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        ))}
        <line x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} className="stroke-slate-300" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        {days.map((d, i) => {
          const h = max > 0 ? Math.max((Number(d.volume) / max) * (H - 4), d.succeeded ? 2 : 0) : 0;
          return (
            <g key={d.date}>
              <title>{`${label(d)}: ${d.volume} ${currency} · ${d.succeeded} succeeded, ${d.failed} failed${d.pending ? `, ${d.pending} pending` : ""}`}</title>
              <rect x={i * slot} y={0} width={slot} height={H} fill="transparent" />
              <rect x={i * slot + (slot - barW) / 2} y={H - h} width={barW} height={h} className={i === days.length - 1 ? "fill-brand-600" : "fill-brand-500/70"} />
            </g>
          );
        })}
      </svg>
      <div className="mt-1 grid text-center text-[10px] text-slate-500 sm:text-xs" style={columns} aria-hidden="true">
        {days.map((d, i) => (
          <div key={d.date} className="flex flex-col items-center gap-0.5">
            <span className={`h-1.5 w-1.5 rounded-full ${d.failed ? "bg-red-500" : "bg-transparent"}`} />
            <span className={i % 2 === (days.length - 1) % 2 ? "" : "invisible sm:visible"}>{label(d).split(" ")[0]}</span>
          </div>
        ))}
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-4 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm bg-brand-500/70" aria-hidden="true" /> Succeeded volume
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="h-1.5 w-1.5 rounded-full bg-red-500" aria-hidden="true" /> Day with failures
        </span>
        {days.length > 0 && (
          <span>
            {label(days[0])} – {label(days[days.length - 1])}
          </span>
        )}
      </figcaption>
      <table className="sr-only">
        <caption>Daily figures</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Volume ({currency})</th>
            <th scope="col">Succeeded</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{formatDate(`${d.date}T00:00:00`)}</th>
              <td>{d.volume}</td>
              <td>{d.succeeded}</td>
              <td>{d.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
