import { useId } from 'react';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const WIDTH = 640;
const BAR = 14;
const GAP = 10;
const LEGEND = 26;

/**
 * Horizontal bars, one group per category: long names (Ämter) stay readable. Every style is an
 * attribute so the downloaded SVG looks the same outside the page.
 */
export function BarChart(props: { title: string; categories: string[]; series: Series[]; format: (n: number) => string; labelWidth?: number }) {
  const titleId = useId();
  const labelWidth = props.labelWidth ?? 170;
  const group = props.series.length * BAR + GAP;
  const height = LEGEND + props.categories.length * group + 8;
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const plot = WIDTH - labelWidth - 50;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={titleId} fontFamily={FONT} fontSize={12}>
      <title id={titleId}>{props.title}</title>
      <rect x={0} y={0} width={WIDTH} height={height} fill="#ffffff" />
      {props.series.map((s, i) => (
        <g key={s.name} transform={`translate(${labelWidth + i * 130}, 6)`}>
          <rect width={12} height={12} fill={s.color} />
          <text x={18} y={11} fill="#1a1a1a">{s.name}</text>
        </g>
      ))}
      {props.categories.map((c, ci) => {
        const y0 = LEGEND + ci * group;
        return (
          <g key={c}>
            <text x={labelWidth - 8} y={y0 + (props.series.length * BAR) / 2 + 4} textAnchor="end" fill="#1a1a1a">
              {c.length > 28 ? `${c.slice(0, 27)}…` : c}
            </text>
            {props.series.map((s, si) => {
              const v = s.values[ci] ?? 0;
              const w = (v / max) * plot;
              return (
                <g key={s.name}>
                  <rect x={labelWidth} y={y0 + si * BAR} width={Math.max(w, v > 0 ? 1 : 0)} height={BAR - 2} fill={s.color} />
                  <text x={labelWidth + w + 4} y={y0 + si * BAR + 10} fill="#1a1a1a" fontSize={11}>{props.format(v)}</text>
                </g>
              );
            })}
          </g>
        );
      })}
      <line x1={labelWidth} x2={labelWidth} y1={LEGEND - 4} y2={height - 4} stroke="#6b6b6b" />
    </svg>
  );
}
