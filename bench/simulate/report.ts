// The simulated year's result in Markdown: what the run was, the figures
// beside the report's, how far behind the bodies were, and the audit.
import { figureTable } from './figures.js';
import type { SimulationResult } from './run.js';

/** The result in Markdown: the table and what the run was. */
export function resultMarkdown(result: SimulationResult): string {
  const c = result.config;
  return [
    `# Simulated region year ${result.figures.year}: ${c.officials} officials, ${c.counties} counties`,
    '',
    `Run ${result.startedAt}; a day lasts ${c.dayMs} ms; imported on ${c.importDay} (${c.leadDays} days before the year), policy ${c.policyVersion}. ` +
      `Wall time ${result.wallSeconds} s (the year ${result.yearWallSeconds} s). Every figure is an SQL count over the record.`,
    '',
    figureTable(result.table),
    '',
    `Tasks open at the year's end (the bodies behind): ${JSON.stringify(result.figures.openAtYearEnd)}.`,
    '',
    `Audit: ${result.correctness.acknowledged} acknowledged decisions and facts, ${result.correctness.lost} lost, ${result.correctness.doubled} doubled; ${result.correctness.failures} failed calls.`,
    '',
  ].join('\n');
}
