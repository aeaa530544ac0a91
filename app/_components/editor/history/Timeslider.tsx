'use client';

import { useEffect, useId, useMemo, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import type { VersionView } from './types';

const STEP_MS = 1500;

/** Steps through the versions, oldest to newest, by hand or playing; calls `onShow` for each. */
export function Timeslider({ versions, onShow }: { versions: VersionView[]; onShow: (versionId: string) => void }) {
  const t = useTranslations('history');
  const format = useFormatter();
  const id = useId();
  // The list arrives newest first; the slider runs forward in time.
  const ordered = useMemo(() => [...versions].reverse(), [versions]);
  const [index, setIndex] = useState(ordered.length - 1);
  const [playing, setPlaying] = useState(false);
  const last = ordered.length - 1;
  const current = ordered[Math.min(index, last)];

  useEffect(() => {
    if (!playing) return;
    if (index >= last) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => {
      setIndex(index + 1);
      onShow(ordered[index + 1].id);
    }, STEP_MS);
    return () => clearTimeout(timer);
  }, [playing, index, last, ordered, onShow]);

  if (!current) return null;
  const show = (i: number) => {
    setIndex(i);
    onShow(ordered[i].id);
  };
  const when = format.dateTime(new Date(current.createdAt), { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <div className="timeslider">
      <label htmlFor={id}>{t('slider')}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={last}
        step={1}
        value={Math.min(index, last)}
        aria-valuetext={t('sliderValue', { n: index + 1, total: ordered.length, time: when })}
        onChange={(e) => {
          setPlaying(false);
          show(Number(e.target.value));
        }}
        data-testid="timeslider"
      />
      <button
        type="button"
        className="button small secondary"
        aria-pressed={playing}
        onClick={() => {
          if (playing) return setPlaying(false);
          if (index >= last) show(0);
          else onShow(ordered[index].id);
          setPlaying(true);
        }}
      >
        {playing ? t('pause') : t('play')}
      </button>
      <span className="timeslider-when" aria-live="polite">{t('sliderValue', { n: index + 1, total: ordered.length, time: when })}</span>
    </div>
  );
}
