// The page's words in Chinese (the default) and English, and the functions
// that say them. Keys are flat; enum values of the API (task kinds, stages,
// actions, ratings …) have their own groups, so that a value the page does
// not know yet is shown as it is. The words themselves live per area in
// web/words/, and those with a home shared with the API in vocabulary.js.

import {
  CASE_GROUND_LABELS,
  OVERVIEW_WORDS,
  RATING_LABELS,
  STAGE_LABELS,
  TASK_KIND_TITLES,
} from './vocabulary.js';
import * as attendanceWords from './words/attendance.js';
import * as caseWords from './words/cases.js';
import * as correctionWords from './words/corrections.js';
import * as formWords from './words/forms.js';
import * as importWords from './words/import.js';
import * as objectionWords from './words/objection.js';
import * as operationWords from './words/operations.js';
import * as overviewWords from './words/overview.js';
import * as officialWords from './words/officials.js';
import * as policyWords from './words/policies.js';
import * as shellWords from './words/shell.js';
import * as taskContextWords from './words/task-context.js';
import * as taskWords from './words/tasks.js';
import * as timelineWords from './words/timeline.js';
import * as valueWords from './words/values.js';

/** @typedef {Record<string, string>} Dictionary */
/** @type {Dictionary} */
const zh = {};
/** @type {Dictionary} */
const en = {};

/**
 * Words whose one home is shared with the API, served in vocabulary.js: task
 * titles (domain/task-titles.ts), stages, ratings and grounds
 * (domain/labels.ts), the overview's column words (api/overview-words.ts).
 */
for (const [prefix, table] of /** @type {const} */ ([
  ['kind.', TASK_KIND_TITLES],
  ['stage.', STAGE_LABELS],
  ['rating.', RATING_LABELS],
  ['ground.', CASE_GROUND_LABELS],
  ['overview.', OVERVIEW_WORDS],
])) {
  for (const [key, words] of Object.entries(table)) {
    zh[`${prefix}${key}`] = words.zh;
    en[`${prefix}${key}`] = words.en;
  }
}

// Each area of the page keeps its words in web/words/ (one file per area).
for (const words of [
  shellWords,
  taskWords,
  officialWords,
  caseWords,
  valueWords,
  attendanceWords,
  correctionWords,
  formWords,
  importWords,
  objectionWords,
  operationWords,
  overviewWords,
  policyWords,
  taskContextWords,
  timelineWords,
]) {
  Object.assign(zh, words.zh);
  Object.assign(en, words.en);
}

export const DICTIONARIES = { zh, en };
export const LANGUAGES = /** @type {const} */ (['zh', 'en']);
/** @typedef {(typeof LANGUAGES)[number]} Language */
/** The value of <html lang> for each language. @type {Record<Language, string>} */
export const HTML_LANG = { zh: 'zh-CN', en: 'en' };
/** @type {Record<Language, string>} */
const LOCALE = { zh: 'zh-CN', en: 'en-GB' };

/**
 * @param {unknown} lang
 * @returns {lang is Language}
 */
const isLanguage = (lang) => LANGUAGES.some((l) => l === lang);

const STORAGE_KEY = 'zhucun.lang';
const stored = safeGet(STORAGE_KEY);
/** @type {Language} */
let current = isLanguage(stored) ? stored : 'zh';

/** @param {string} key */
function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export const getLang = () => current;

/** @param {string} lang */
export function setLang(lang) {
  if (!isLanguage(lang)) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = HTML_LANG[lang];
}

/**
 * The text for a key, with {name} placeholders filled; English, then the key, as fallbacks.
 * @param {string} key
 * @param {Record<string, unknown>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  const text = DICTIONARIES[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Whether the page has words for a key (in its language or in English). */
/** @param {string} key */
export const hasWords = (key) => key in DICTIONARIES[current] || key in en;

/**
 * An enum value of the API in words; an unknown value is shown as it is.
 * @param {string} group
 * @param {string | number | null | undefined} value
 * @returns {string}
 */
export function label(group, value) {
  if (value === undefined || value === null || value === '') return '';
  const key = `${group}.${value}`;
  const text = DICTIONARIES[current][key] ?? en[key];
  if (text !== undefined) return text;
  // "cancelled: candidate replaced" and the like: the known head, the rest as is.
  const head = String(value).split(':')[0];
  const headText = DICTIONARIES[current][`${group}.${head}`] ?? en[`${group}.${head}`];
  return headText !== undefined ? `${headText}${String(value).slice(head.length)}` : String(value);
}

/** A jurisdiction path as place names: gx/nanning/wuming → 广西 › 南宁市 › 武鸣区. */
/** @param {string | null | undefined} path */
export function place(path) {
  if (!path) return '';
  return String(path)
    .split('/')
    .map((seg) => DICTIONARIES[current][`place.${seg}`] ?? en[`place.${seg}`] ?? seg)
    .join(' › ');
}

/** A person or body by id: the demo actors have names in both languages. */
/**
 * @param {string} id
 * @param {string} [fallback]
 * @returns {string}
 */
export function person(id, fallback) {
  return DICTIONARIES[current][`person.${id}`] ?? fallback ?? id;
}

/** @param {string | number | Date | null | undefined} value */
export function formatDateTime(value) {
  if (value === undefined || value === null) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALE[current], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}

/**
 * 'YYYY-MM-DD' of the Shanghai day an instant falls on (UTC+8, no daylight
 * saving): the dates the API takes and the calendar year it counts in.
 * @param {number} ms
 */
export const shanghaiDateKey = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** @param {string | number | Date | null | undefined} value */
export function formatDate(value) {
  if (value === undefined || value === null) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALE[current], { dateStyle: 'medium' }).format(d);
}

/**
 * Words in brackets: full-width in Chinese, a space and ASCII ones in English.
 * @param {string | number} text
 */
export const paren = (text) => (getLang() === 'zh' ? `（${text}）` : ` (${text})`);
