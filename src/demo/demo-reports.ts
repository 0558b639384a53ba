/**
 * The demo fleet's public reports (issue #16, item 4): a few passers-by report what they saw
 * about units of the fleet (a suspected counterfeit first), so the regulator's queue is not
 * empty. Each report answers a challenge with its proof of work, as a browser's would.
 */
import type { ReportCategory } from '../report/categories.ts';

/** DemoReport is a report as the demo files it (no contact, no photo: the demo holds no personal data). */
export interface DemoReport {
  category: ReportCategory;
  description: string;
}

/** ReportsDriver files a public report about a code, anonymously; it returns the rule that refused it, if one did. */
export interface ReportsDriver {
  fileReport(code: string, report: DemoReport, at: Date): Promise<string | undefined>;
}

/** REPORTS are the demo's reports, one per sample unit, at most 5: the hourly limit of one address. */
const REPORTS: DemoReport[] = [
  { category: 'counterfeit', description: 'The nameplate code names another maker than the badge on the robot’s chest.' },
  { category: 'injury', description: 'The robot’s arm struck a shopper’s hand while it restocked a shelf.' },
  { category: 'malfunction', description: 'The robot stopped in a corridor and did not answer its stop button.' },
  { category: 'complaint', description: 'The robot blocks the pavement outside the shop every evening.' },
];

/** seedReports files the demo's reports about codes (the first few), a day before at; it returns how many were taken and the refusals. */
export async function seedReports(d: ReportsDriver, codes: string[], at: Date): Promise<{ reports: number; problems: string[] }> {
  const when = new Date(at.getTime() - 86_400_000);
  const problems: string[] = [];
  let reports = 0;
  for (const [i, report] of REPORTS.entries()) {
    const code = codes[i];
    if (!code) break;
    const p = await d.fileReport(code, report, when);
    if (p === undefined) reports++;
    else problems.push(`report ${report.category}: ${p}`);
  }
  return { reports, problems };
}
