/**
 * Column widths: the model keeps pixels (96 dpi). XLSX counts characters of the default font's
 * widest digit (7 px for Calibri 11, plus 5 px of padding); ODS uses lengths.
 */
export const DEFAULT_COL_WIDTH_PX = 100;

export function pxToXlsxWidth(px: number): number {
  return Math.round(((px - 5) / 7) * 10_000) / 10_000;
}

export function xlsxWidthToPx(chars: number): number {
  return Math.round(chars * 7 + 5);
}

export function pxToCm(px: number): string {
  return `${((px * 2.54) / 96).toFixed(4)}cm`;
}

const PX_PER: Record<string, number> = { cm: 96 / 2.54, mm: 96 / 25.4, in: 96, pt: 96 / 72, pc: 16, px: 1 };

/** An ODF length (`2.258cm`, `0.889in`, `64pt`) in pixels; undefined when unreadable. */
export function lengthToPx(length: string | undefined): number | undefined {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(cm|mm|in|pt|pc|px)\s*$/.exec(length ?? '');
  return m ? Math.round(Number(m[1]) * PX_PER[m[2]]) : undefined;
}

/** Model widths are 10–2000 px; anything else read from a file is clamped into that range. */
export function clampWidth(px: number | undefined): number | undefined {
  return px === undefined || !Number.isFinite(px) ? undefined : Math.min(2000, Math.max(10, Math.round(px)));
}
