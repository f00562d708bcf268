// Writes samples/officials-on-post.xlsx from samples/officials-on-post.csv:
// the same columns and rows on the first sheet, the single dates as Excel
// date cells and the years of work as a number (as a region's own workbook
// would have them), so that the workbook reader is tried on real cell types.
// `npx tsx samples/make-xlsx.ts`
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, readCsv, type ImportColumn } from '../operations/import-file.js';

const DATE_COLUMNS: readonly ImportColumn[] = ['birthDate', 'dispatchedOn', 'healthCheckOn'];
const csvPath = new URL('./officials-on-post.csv', import.meta.url);
const xlsxPath = new URL('./officials-on-post.xlsx', import.meta.url);

const records = readCsv(readFileSync(csvPath, 'utf8'));
const workbook = new ExcelJS.Workbook();
// Fixed, so that running the script again writes the same workbook content.
workbook.created = workbook.modified = new Date(Date.UTC(2026, 11, 3));
workbook.creator = 'zhucun samples/make-xlsx.ts';
const sheet = workbook.addWorksheet('officials');
sheet.columns = IMPORT_COLUMNS.map((column) => ({
  header: column,
  key: column,
  width: DATE_COLUMNS.includes(column) ? 12 : 20,
  ...(DATE_COLUMNS.includes(column) ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
}));
for (const { record } of records) {
  const cells: Record<string, string | number | Date> = {};
  for (const column of IMPORT_COLUMNS) {
    const text = record[column] ?? '';
    if (DATE_COLUMNS.includes(column) && text) cells[column] = new Date(`${text}T00:00:00Z`);
    else if (column === 'workYears') cells[column] = Number(text);
    else cells[column] = text;
  }
  sheet.addRow(cells);
}
await workbook.xlsx.writeFile(xlsxPath.pathname);
console.log(`wrote ${xlsxPath.pathname}: ${records.length} rows`);
