// The page's words for form controls shared by several views (Chinese and English),
// merged into i18n.js's dictionaries.
//
// Dates are typed as text (YYYY-MM-DD): a browser's own date control words
// itself in the browser's language, not the page's.
export const zh = {
  'date.placeholder': '年-月-日，如 2026-03-01',
  'date.format': '日期格式：年-月-日（四位年份、两位月份、两位日期），如 2026-03-01',
};

export const en = {
  'date.placeholder': 'YYYY-MM-DD, e.g. 2026-03-01',
  'date.format': 'A date as year-month-day (four, two and two digits), e.g. 2026-03-01',
};
