// The overview's column words, one home per word and language: the page's
// tables and charts (served in /web/vocabulary.js as OVERVIEW_WORDS, read as
// `overview.<key>`) and the Excel and CSV exports (overview-export.ts) say the
// same. The stages, ratings and grounds are domain/labels.ts's.
import type { Language } from '../domain/task-titles.js';
import type { CaseAge } from './overview.js';

type Word = Record<Language, string>;

export const OVERVIEW_WORDS: Record<
  | 'county'
  | 'total'
  | 'onPost'
  | 'trained'
  | 'untrained'
  | 'share'
  | 'sessions'
  | 'evaluated'
  | 'unrated'
  | 'slots'
  | 'overQuota'
  | 'yes'
  | 'no'
  | 'ground'
  | 'villages'
  | 'understaffed'
  | 'noFirstSecretary'
  | `age.${CaseAge}`,
  Word
> = {
  county: { zh: '县（市、区）', en: 'County' },
  total: { zh: '合计', en: 'Total' },
  onPost: { zh: '在岗干部', en: 'On post' },
  trained: { zh: '已参加县级培训', en: 'With a county training' },
  untrained: { zh: '未参加县级培训', en: 'Without a county training' },
  share: { zh: '参训率（%）', en: 'Share trained (%)' },
  sessions: { zh: '培训场次', en: 'Trainings recorded' },
  evaluated: { zh: '参评人数', en: 'Evaluated' },
  unrated: { zh: '未评定', en: 'Not rated yet' },
  slots: { zh: '优秀名额（{quota}）', en: 'Outstanding slots ({quota})' },
  overQuota: { zh: '优秀超出名额', en: 'Outstanding over quota' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  ground: { zh: '启动依据', en: 'Ground' },
  villages: { zh: '有干部在岗的村', en: 'Villages with officials on post' },
  understaffed: { zh: '不足{size}人的村', en: 'Teams under {size}' },
  noFirstSecretary: { zh: '无第一书记的村', en: 'Without a first secretary' },
  'age.under30': { zh: '未结（不足30天）', en: 'Open under 30 days' },
  'age.from30to90': { zh: '未结（30至90天）', en: 'Open 30 to 90 days' },
  'age.over90': { zh: '未结（超过90天）', en: 'Open over 90 days' },
  'age.closed': { zh: '已结', en: 'Closed' },
};
