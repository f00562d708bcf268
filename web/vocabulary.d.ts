// The types of /web/vocabulary.js, which the API serves from PAGE_VOCABULARY
// (api/routes/web.ts): the page's lists are the domain's own, and the type
// check reads them from there. test/unit/web-vocabulary.test.ts keeps this
// list of names the same as the served one.
import type { PAGE_VOCABULARY } from '../api/routes/web.js';

type Vocabulary = typeof PAGE_VOCABULARY;

export declare const TASK_KINDS: Vocabulary['TASK_KINDS'];
export declare const STAGES: Vocabulary['STAGES'];
export declare const CASE_STATUSES: Vocabulary['CASE_STATUSES'];
export declare const CASE_GROUNDS: Vocabulary['CASE_GROUNDS'];
export declare const CASE_AGES: Vocabulary['CASE_AGES'];
export declare const RATINGS: Vocabulary['RATINGS'];
export declare const HANDOVER_ITEMS: Vocabulary['HANDOVER_ITEMS'];
export declare const ROLES: Vocabulary['ROLES'];
export declare const SCREENING_BODIES: Vocabulary['SCREENING_BODIES'];
export declare const POSTS: Vocabulary['POSTS'];
export declare const PARTY_MEMBERSHIPS: Vocabulary['PARTY_MEMBERSHIPS'];
export declare const REQUEST_MATTERS: Vocabulary['REQUEST_MATTERS'];
export declare const IMPORT_COLUMNS: Vocabulary['IMPORT_COLUMNS'];
export declare const POLICY_BOUNDS: Vocabulary['POLICY_BOUNDS'];
export declare const APPROVE_ONLY: Vocabulary['APPROVE_ONLY'];
export declare const TASK_KIND_TITLES: Vocabulary['TASK_KIND_TITLES'];
export declare const STAGE_LABELS: Vocabulary['STAGE_LABELS'];
export declare const RATING_LABELS: Vocabulary['RATING_LABELS'];
export declare const CASE_GROUND_LABELS: Vocabulary['CASE_GROUND_LABELS'];
export declare const OVERVIEW_WORDS: Vocabulary['OVERVIEW_WORDS'];
export declare const TASK_DECISIONS: Vocabulary['TASK_DECISIONS'];
