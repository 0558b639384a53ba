// Production dates are written YYMMDD inside the code and read as the years 2000..2099.

/** isCalendarDate tells whether year-month-day names a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/** productionDateFromYymmdd reads a code's six YYMMDD characters as YYYY-MM-DD, or undefined when they are not a real date. */
export function productionDateFromYymmdd(yymmdd: string): string | undefined {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(yymmdd);
  if (!m) return undefined;
  const [, yy = '', mm = '', dd = ''] = m;
  if (!isCalendarDate(2000 + Number(yy), Number(mm), Number(dd))) return undefined;
  return `20${yy}-${mm}-${dd}`;
}

/** yymmddFromProductionDate writes a YYYY-MM-DD date in 2000..2099 as YYMMDD, or undefined when it is not one. */
export function yymmddFromProductionDate(isoDate: string): string | undefined {
  const m = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(isoDate);
  if (!m) return undefined;
  const yymmdd = `${m[1]}${m[2]}${m[3]}`;
  return productionDateFromYymmdd(yymmdd) === undefined ? undefined : yymmdd;
}
