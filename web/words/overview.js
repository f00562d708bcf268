// The page's words for overview (Chinese and English), merged into i18n.js's dictionaries.
export const zh = {};
export const en = {};
