import { useId } from 'react';

const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 40 };

/** One line over time (services at Stufe ≥ 3 per week); weeks without a version are hollow points. */
export function LineChart(props: { title: string; color: string; points: Array<{ label: string; value: number; recorded: boolean }>; format: (n: number) => string }) {
  const titleId = useId();
  const { points } = props;
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number) => PAD.top + h - (v / max) * h;
  const ticks = [0, Math.round(max / 2), max].filter((t, i, all) => all.indexOf(t) === i);
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={titleId} fontFamily={FONT} fontSize={11}>
      <title id={titleId}>{props.title}</title>
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="#ffffff" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke="#d0d0d0" />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fill="#1a1a1a">{props.format(t)}</text>
        </g>
      ))}
      <polyline fill="none" stroke={props.color} strokeWidth={2} points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')} />
      {points.map((p, i) => (
        <g key={p.label}>
          <circle cx={x(i)} cy={y(p.value)} r={3.5} fill={p.recorded ? props.color : '#ffffff'} stroke={props.color} strokeWidth={1.5} />
          {(i % every === 0 || i === points.length - 1) && (
            <text x={x(i)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fill="#1a1a1a">{p.label}</text>
          )}
        </g>
      ))}
    </svg>
  );
}
