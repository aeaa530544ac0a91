'use client';

import { useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { downloadPng, downloadSvg } from './exportChart';

/**
 * A chart with its caption, downloads and the same figures as a table: the table is the text
 * alternative for screen readers and for anyone who wants the numbers.
 */
export function ChartFigure(props: { id: string; caption: string; fileName: string; head: string[]; rows: Array<Array<string | number>>; children: ReactNode }) {
  const t = useTranslations('dashboard');
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const svg = () => box.current?.querySelector('svg') ?? null;
  return (
    <figure className="dashboard-chart" aria-labelledby={`${props.id}-caption`} data-chart={props.id}>
      <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      <div ref={box} className="dashboard-chart-canvas">{props.children}</div>
      <div className="dashboard-chart-actions">
        <button type="button" onClick={() => { const s = svg(); if (s) downloadSvg(s, props.fileName); }}>{t('downloadSvg')}</button>
        <button
          type="button"
          onClick={() => {
            const s = svg();
            setFailed(false);
            if (s) downloadPng(s, props.fileName).catch(() => setFailed(true));
          }}
        >
          {t('downloadPng')}
        </button>
        {failed && <span role="alert">{t('exportFailed')}</span>}
      </div>
      <details>
        <summary>{t('showTable')}</summary>
        <table className="dashboard-table" data-table={props.id}>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>{props.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={String(r[0])}>
                {r.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
