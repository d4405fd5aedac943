// The monthly report of a store, as the editor's report panel and `liaison report` compute it: the
// same records (active documents and the shelves that may hold a record of the report's months,
// each record once: ./reportRecords.ts), the same directory (./directory.ts), and the figures of
// src/domain/report.ts. So the two print the same figures for the same store, month and policy.
import type { WorkCalendar } from '../domain/calendar';
import type { Directory } from '../domain/directory';
import type { ResponsePolicy } from '../domain/policy';
import { computeMonthlyReport } from '../domain/report';
import type { MonthlyReport } from '../domain/reportModel';
import type { TemplateSet } from '../domain/templates/registry';
import type { Language } from '../domain/templates/types';
import { displayMonthRange, shiftMonth, storageMonth } from '../domain/time';
import type { ZoneLike } from '../domain/time';
import type { RecordsOptions } from './records';
import type { ReportRecords } from './reportRecords';
import type { StoreReader } from './store';

/** Months in the report's trend, the report's month included, unless asked otherwise. */
export const TREND_MONTHS = 6;

export interface StoreReportOptions {
  /** The report's display month, YYYY-MM. */
  month: string;
  trendMonths?: number;
  language: Language;
  policy: ResponsePolicy;
  /** The policy's working calendar: its zone sets the months. */
  calendar: WorkCalendar;
  now: Date;
  /** The directory of the spaces (./directory.ts `directoryOf`). */
  directory: Directory;
  /** The spaces reported on (default: every space of the replica), in the order shown. */
  spaces?: readonly string[];
  /** Kind labels: the built-in and the workspace's team templates. */
  templates?: TemplateSet;
  /** Records that could not be read are told here (and left out). */
  onUnreadable?: RecordsOptions['onUnreadable'];
}

/**
 * The first shelf month (a storage month) that may hold a record of a report on `month` with
 * `trendMonths` months: a record is archived after it was sent, so one sent in the trend's first
 * display month is on that month's first instant's shelf or a later one.
 */
export function firstShelfMonth(month: string, trendMonths: number, zone: ZoneLike): string {
  const { start } = displayMonthRange(shiftMonth(month, 1 - trendMonths), zone);
  return storageMonth(start) ?? month;
}

/** The report of `options.month` over `reader`'s spaces, reading through `records` (which keeps the shelves it opened until closed). */
export async function storeReport(reader: StoreReader, records: ReportRecords, options: StoreReportOptions): Promise<MonthlyReport> {
  const trendMonths = options.trendMonths ?? TREND_MONTHS;
  const spaces = options.spaces ?? reader.replica.spaceNames;
  const fromMonth = firstShelfMonth(options.month, trendMonths, options.calendar.zone);
  const list = await records.records(reader, spaces, fromMonth, { onUnreadable: options.onUnreadable });
  return computeMonthlyReport(list, {
    month: options.month,
    trendMonths,
    language: options.language,
    policy: options.policy,
    calendar: options.calendar,
    now: options.now,
    directory: options.directory,
    spaces,
    templates: options.templates,
  });
}
