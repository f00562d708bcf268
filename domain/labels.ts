// The words for the stages, ratings and reassignment grounds, one home per
// value and language: the page shows them (served in /web/vocabulary.js, as
// task titles are) and the overview's Excel and CSV exports head their
// columns with them (api/overview-export.ts).
import type { Rating } from './rating.js';
import type { CaseGround, Stage } from './records.js';
import type { Language } from './task-titles.js';

type Labels<K extends string> = Record<K, Record<Language, string>>;

export const STAGE_LABELS: Labels<Stage> = {
  nominated: { zh: '已提名', en: 'Nominated' },
  vetting: { zh: '审查中', en: 'Vetting' },
  awaiting_dispatch_approval: { zh: '待审批选派', en: 'Awaiting dispatch approval' },
  pre_dispatch_training: { zh: '岗前培训', en: 'Pre-dispatch training' },
  dispatched: { zh: '已派驻（交接中）', en: 'Dispatched (hand-over)' },
  on_duty: { zh: '在岗', en: 'On duty' },
  term_end: { zh: '任期届满', en: 'Term end' },
  handing_over: { zh: '交接中', en: 'Handing over' },
  closed: { zh: '已结束', en: 'Closed' },
  screened_out: { zh: '未通过六不派审查', en: 'Screened out' },
  rejected: { zh: '派驻未获批准', en: 'Dispatch rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  recalled: { zh: '已召回', en: 'Recalled' },
};

export const RATING_LABELS: Labels<Rating> = {
  outstanding: { zh: '优秀', en: 'Outstanding' },
  competent: { zh: '称职', en: 'Competent' },
  basically_competent: { zh: '基本称职', en: 'Basically competent' },
  incompetent: { zh: '不称职', en: 'Incompetent' },
};

export const CASE_GROUND_LABELS: Labels<CaseGround> = {
  health: { zh: '健康原因', en: 'Health' },
  evaluation: { zh: '考核不称职', en: 'Evaluation' },
  residence: { zh: '在村不足', en: 'Residence' },
  leave: { zh: '请假超限', en: 'Leave' },
  request: { zh: '派出单位请求', en: 'Request of the dispatching unit' },
  term_end: { zh: '任期将满', en: 'Term ending' },
  own_request: { zh: '本人申请', en: 'The official’s own request' },
};
