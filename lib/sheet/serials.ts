// Spreadsheet serial numbers: days since 1899-12-30, the time of day as the fraction. Formulas
// compute with dates as serials (HyperFormula, Excel and LibreOffice alike); cells store dates as
// ISO text.

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-01-31` → the serial of that day. */
export function isoDateToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - EPOCH) / DAY_MS);
}

/** A serial → the ISO date of its day. */
export function serialToIsoDate(serial: number): string {
  const d = new Date(EPOCH + Math.floor(serial) * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A serial's time of day: `hh:mm`, with `:ss` when it has seconds (to the second, so 0.5 is 12:00). */
export function serialToTime(serial: number): string {
  const seconds = Math.min(86_399, Math.round((serial - Math.floor(serial)) * 86_400));
  const s = seconds % 60;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}${s ? `:${pad(s)}` : ''}`;
}
