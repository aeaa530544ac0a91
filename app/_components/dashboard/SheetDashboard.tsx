'use client';

import { useEffect, useMemo, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useCollabProvider } from '@/app/_hooks/useCollabProvider';
import type { WeekPoint } from '@/lib/dashboard/weeks';
import { ONLINE_LEVEL, type DashboardFigures } from '@/lib/dashboard/figures';
import { api } from '../apiClient';
import { documentPath } from '../paths';
import { BarChart } from './BarChart';
import { LineChart } from './LineChart';
import { ChartFigure } from './ChartFigure';
import { useSheetFigures } from './useSheetFigures';
import { OutdatedNotice } from '../OutdatedNotice';

const IST = '#1f5fa8';
const ZIEL = '#a34d00';
const ONE = '#2e6b30';

export function SheetDashboard(props: { docId: string; title: string }) {
  const t = useTranslations('dashboard');
  const locale = useLocale();
  const { collab, closedReason, outdated } = useCollabProvider(props.docId);
  const figures = useSheetFigures(collab);
  const [history, setHistory] = useState<WeekPoint[] | null>(null);
  const [historyFailed, setHistoryFailed] = useState(false);
  const num = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const pct = useMemo(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }), [locale]);
  const fmt = (n: number) => num.format(n);

  useEffect(() => {
    api<{ weeks: WeekPoint[] }>(`/api/v1/documents/${props.docId}/dashboard/history`).then(
      (r) => setHistory(r.weeks),
      () => setHistoryFailed(true),
    );
  }, [props.docId]);

  const file = (name: string) => `${props.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'dashboard'}-${name}`;

  return (
    <main id="main" className="dashboard-page">
      <div className="dashboard-head">
        <h1>{t('heading', { title: props.title })}</h1>
        <Link href={documentPath('sheet', props.docId)}>{t('openSheet')}</Link>
      </div>
      {outdated && <OutdatedNotice />}
      {closedReason && <p role="alert" className="error">{t('disconnected', { reason: closedReason })}</p>}
      {!figures ? (
        <p aria-busy="true" className="notice">{t('loading')}</p>
      ) : (
        <Charts figures={figures} history={history} historyFailed={historyFailed} fmt={fmt} pct={(n) => pct.format(n)} file={file} />
      )}
    </main>
  );
}

function Charts(props: { figures: DashboardFigures; history: WeekPoint[] | null; historyFailed: boolean; fmt: (n: number) => string; pct: (n: number) => string; file: (n: string) => string }) {
  const t = useTranslations('dashboard');
  const { figures: f, fmt } = props;
  const level = (n: number) => t('level', { level: n });
  // The current week follows the live sheet; earlier weeks come from versions.
  const history = useMemo(() => {
    if (!props.history?.length) return props.history;
    const last = props.history[props.history.length - 1];
    return [...props.history.slice(0, -1), { ...last, online: f.online, total: f.total }];
  }, [props.history, f.online, f.total]);
  const classes = f.priorities.map((p) => p.cls);

  return (
    <>
      <section aria-labelledby="dash-summary" className="dashboard-summary">
        <h2 id="dash-summary">{t('summary')}</h2>
        <dl>
          <div><dt>{t('total')}</dt><dd data-figure="total">{fmt(f.total)}</dd></div>
          <div><dt>{t('online', { level: ONLINE_LEVEL })}</dt><dd data-figure="online">{fmt(f.online)}</dd></div>
          <div><dt>{t('share', { level: ONLINE_LEVEL })}</dt><dd data-figure="share">{f.onlineShare === null ? '–' : props.pct(f.onlineShare)}</dd></div>
          <div><dt>{t('unrated')}</dt><dd data-figure="unrated">{fmt(f.withoutIst)}</dd></div>
        </dl>
      </section>

      <div className="dashboard-grid">
        <ChartFigure
          id="levels"
          caption={t('levelsCaption')}
          fileName={props.file(t('levelsFile'))}
          head={[t('levelColumn'), t('ist'), t('ziel')]}
          rows={[...f.levels.map((l) => [level(l.level), l.ist, l.ziel]), [t('none'), f.withoutIst, f.withoutZiel]]}
        >
          <BarChart
            title={t('levelsCaption')}
            categories={f.levels.map((l) => level(l.level))}
            series={[
              { name: t('ist'), color: IST, values: f.levels.map((l) => l.ist) },
              { name: t('ziel'), color: ZIEL, values: f.levels.map((l) => l.ziel) },
            ]}
            format={fmt}
            labelWidth={90}
          />
        </ChartFigure>

        <ChartFigure
          id="priorities"
          caption={t('prioritiesCaption')}
          fileName={props.file(t('prioritiesFile'))}
          head={[t('classColumn'), t('services')]}
          rows={[...f.priorities.map((p) => [p.cls, p.count]), [t('none'), f.withoutPriority]]}
        >
          <BarChart
            title={t('prioritiesCaption')}
            categories={[...classes, t('none')]}
            series={[{ name: t('services'), color: IST, values: [...f.priorities.map((p) => p.count), f.withoutPriority] }]}
            format={fmt}
            labelWidth={90}
          />
        </ChartFigure>

        <ChartFigure
          id="share"
          caption={t('shareCaption', { level: ONLINE_LEVEL })}
          fileName={props.file(t('shareFile'))}
          head={[t('group'), t('services')]}
          rows={[
            [t('online', { level: ONLINE_LEVEL }), f.online],
            [t('below', { level: ONLINE_LEVEL }), f.rated - f.online],
            [t('none'), f.withoutIst],
          ]}
        >
          <BarChart
            title={t('shareCaption', { level: ONLINE_LEVEL })}
            categories={[t('online', { level: ONLINE_LEVEL }), t('below', { level: ONLINE_LEVEL }), t('none')]}
            series={[{ name: t('services'), color: ONE, values: [f.online, f.rated - f.online, f.withoutIst] }]}
            format={fmt}
            labelWidth={170}
          />
        </ChartFigure>

        <ChartFigure
          id="offices"
          caption={t('officesCaption')}
          fileName={props.file(t('officesFile'))}
          head={[t('office'), t('services'), t('online', { level: ONLINE_LEVEL })]}
          rows={[...f.offices.map((o) => [o.amt, o.total, o.online]), [t('noOffice'), f.withoutOffice, '']]}
        >
          <BarChart
            title={t('officesCaption')}
            categories={f.offices.map((o) => o.amt)}
            series={[
              { name: t('services'), color: IST, values: f.offices.map((o) => o.total) },
              { name: t('online', { level: ONLINE_LEVEL }), color: ONE, values: f.offices.map((o) => o.online) },
            ]}
            format={fmt}
            labelWidth={210}
          />
        </ChartFigure>

        {history && history.length > 0 ? (
          <ChartFigure
            id="history"
            caption={t('historyCaption', { level: ONLINE_LEVEL })}
            fileName={props.file(t('historyFile'))}
            head={[t('week'), t('online', { level: ONLINE_LEVEL }), t('total')]}
            rows={history.map((w) => [w.week, w.online, w.total])}
          >
            <LineChart title={t('historyCaption', { level: ONLINE_LEVEL })} color={ONE} points={history.map((w) => ({ label: w.week, value: w.online, recorded: w.recorded }))} format={fmt} />
          </ChartFigure>
        ) : (
          <p className="notice">{props.historyFailed ? t('historyFailed') : t('historyLoading')}</p>
        )}
      </div>
    </>
  );
}
