// The cells of the report's rate and trend tables, in their column order, for every place that
// shows them: the markdown of `liaison report` and the editor's data tables. Each place writes
// rates, durations and satisfaction its own way (the markdown 50.0% and 1 d 3 h, the page 50% and
// 27 h), so it passes its formatters in; which figure stands in which column is decided here once.
import type { RateRow, TrendPoint } from './reportModel';

export interface CellFormat {
  rate(rate: number | null): string;
  minutes(minutes: number | null): string;
  /** Decimals of the average satisfaction. */
  satisfactionDigits: number;
}

/** group, due, on time, late, missed, rate, median, p90. */
export function rateCells(row: RateRow, format: CellFormat): string[] {
  return [
    row.label,
    String(row.due),
    String(row.onTime),
    String(row.late),
    String(row.missed),
    format.rate(row.rate),
    format.minutes(row.medianMinutes),
    format.minutes(row.p90Minutes),
  ];
}

/** month, rate, due, overdue, never read, median, satisfaction (— when none). */
export function trendCells(point: TrendPoint, format: CellFormat): string[] {
  return [
    point.month,
    format.rate(point.rate),
    String(point.due),
    String(point.overdue),
    String(point.neverRead),
    format.minutes(point.medianMinutes),
    point.satisfaction === null ? '—' : point.satisfaction.toFixed(format.satisfactionDigits),
  ];
}
