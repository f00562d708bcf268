// The page's words for timeline (Chinese and English), merged into i18n.js's dictionaries.
export const zh = {};
export const en = {};
