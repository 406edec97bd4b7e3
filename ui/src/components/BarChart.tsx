/**
 * A horizontal bar chart in plain SVG. Chart libraries (recharts and the d3
 * modules under it, decimal.js-light) assign `obj.constructor = …` and
 * `proto.toString = …`, which throws in the Tauri window: tauri.conf.json
 * freezes Object.prototype against prototype pollution. Bars with a label,
 * a value and a tooltip are all the reports need, so they are drawn here.
 */
export interface Bar {
  key: string;
  /** Shown on the axis. */
  label: string;
  /** Shown in the tooltip (e.g. the full legal ground). */
  title?: string;
  value: number;
}

const ROW = 28;
const LABEL_W = 170;
const VALUE_W = 72;

export function BarChart({ bars, width, format }: { bars: Bar[]; width: number; format: (v: number) => string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = width - LABEL_W - VALUE_W;
  const height = ROW * bars.length + 16;
  // Grid lines at quarters of the largest value.
  const ticks = [0.25, 0.5, 0.75, 1].map((f) => LABEL_W + plot * f);
  return (
    <svg className="bar-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="presentation">
      {ticks.map((x) => (
        <line key={x} x1={x} x2={x} y1={4} y2={height - 8} className="bar-chart__grid" />
      ))}
      <line x1={LABEL_W} x2={LABEL_W} y1={4} y2={height - 8} className="bar-chart__axis" />
      {bars.map((b, i) => {
        const y = 8 + i * ROW;
        const w = b.value > 0 ? Math.max(2, (plot * b.value) / max) : 0;
        return (
          <g key={b.key}>
            <title>{`${b.title ?? b.label}：${format(b.value)}`}</title>
            <text x={LABEL_W - 8} y={y + 14} textAnchor="end" className="bar-chart__label">
              {b.label}
            </text>
            <rect x={LABEL_W} y={y + 2} width={w} height={18} rx={2} className="report-bar bar-chart__bar" />
            <text x={LABEL_W + w + 6} y={y + 15} className="bar-chart__value">
              {format(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
