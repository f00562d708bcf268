// The page's words for corrections (Chinese and English), merged into i18n.js's dictionaries.
// A recorded training, health check or spot-check absence is voided (or
// corrected: voided and replaced by the right value in one step) with a
// reason by its recorder or the county organization department; the log keeps
// both; what it caused is unwound, or the county resolves it
// (workflows/term/corrections.ts).
export const zh = {
  'fact.training': '县级培训',
  'fact.health_check': '体检',
  'fact.absence': '抽查缺勤',
  'fact.pre_dispatch_training': '岗前培训',
  'facts.title': '已登记事项',
  'facts.hint':
    '登记有误的事项可由登记单位或县委组织部作废并说明理由；原记录保留，作废另行记入档案。',
  'facts.none': '尚无登记事项。',
  'facts.fit': '合格',
  'facts.unfit': '不合格',
  'facts.recordedBy': '登记：{who}',
  'facts.voided': '已作废：{reason}（{who}，{at}）',
  'facts.void': '作废',
  'facts.voidOf': '作废{fact}（{date}）',
  'facts.reason': '作废理由',
  'facts.reasonHint': '写明登记错在哪里；理由与原记录一并保存。',
  'facts.consequence.none': '作废后此项不再计入，原记录保留并注明作废。',
  'facts.consequence.case_closed':
    '作废后，调整案件 {caseId} 将以“误开”结案，其待办与召回请示随之撤销。',
  'facts.consequence.ground_removed':
    '作废后，调整案件 {caseId} 不再以健康为由，案件按其余理由继续办理。',
  'facts.consequence.cap_lifted': '作废后，该年度抽查缺勤减少一次，考核最高可评为“{cap}”。',
  'facts.consequence.training_due': '作废后，该年度县级培训视为未完成，将重新提醒。',
  'facts.consequence.not_unwound.successor_nominated':
    '调整案件 {caseId} 已提名继任人，作废不能撤销其后果：将为县委组织部生成待办，由其研究处理。',
  'facts.consequence.not_unwound.case_closed':
    '调整案件 {caseId} 已办结，作废不能撤销其后果：将为县委组织部生成待办，由其研究处理。',
  'facts.consequence.not_unwound.rating_given':
    '该年度考核已评定，作废不能改变已评等次：将为县委组织部生成待办，由其研究处理。',
  'action.fact_voided': '作废登记',
  'action.correction_resolved': '处理更正',
  'timeline.fact_voided': '作废{factDate}登记的{fact}（{factId}）',
  'timeline.fact_voided.case_closed':
    '作废{factDate}登记的{fact}（{factId}）；调整案件 {caseId} 以误开结案',
  'timeline.fact_voided.ground_removed':
    '作废{factDate}登记的{fact}（{factId}）；调整案件 {caseId} 不再以健康为由',
  'timeline.fact_voided.cap_lifted':
    '作废{factDate}登记的{fact}（{factId}）；该年度考核最高可评为“{cap}”',
  'timeline.fact_voided.training_due':
    '作废{factDate}登记的{fact}（{factId}）；该年度县级培训尚未完成',
  'timeline.fact_voided.not_unwound':
    '作废{factDate}登记的{fact}（{factId}）；{blocked}，其后果未能撤销，已交县委组织部处理',
  'timeline.correction_resolved': '县委组织部处理了对{factId}的更正',
  'blocked.successor_nominated': '调整案件已提名继任人',
  'blocked.case_closed': '调整案件已办结',
  'blocked.rating_given': '该年度考核已评定',
  'blocked.dispatched': '干部已据此派驻',
  'facts.consequence.not_unwound.dispatched':
    '干部已据此岗前培训派驻，作废不能撤销派驻：将为县委组织部生成待办，由其研究处理。',
  'because.fact_voided': '开启案件的体检记录（{factId}）已作废',
  'because.case_opened_in_error': '调整案件系误开',
  'outcome.opened_in_error': '误开',
  'refusal.already_voided': '此项已作废，不能重复作废。',
  'facts.correct': '更正',
  'facts.correctOf': '更正{fact}（{date}）',
  'facts.newDate': '正确日期',
  'facts.newDateHint': '年-月-日；须为驻村以来的某一天。',
  'facts.newFit': '正确结论',
  'facts.newTitle': '正确的培训名称',
  'facts.newNote': '正确的备注',
  'facts.correctReason': '更正理由',
  'facts.correctConsequence':
    '原记录作废并保留，按更正后的内容另行登记，档案记明两者。由此产生的后果按更正后的记录重新计算（调整案件误开则撤销，改为不合格则开启案件，缺勤改到其他年度则两个年度的考核上限随之调整）；已不能撤销的，交县委组织部处理。',
  'facts.replaces': '更正{id}',
  'facts.replacedBy': '已更正为{id}：{reason}（{who}，{at}）',
  'action.fact_corrected': '更正登记',
  'timeline.fact_corrected':
    '更正{factDate}登记的{fact}（{factId}），以{replacementDate}的登记（{replacementId}）代替',
  'timeline.fact_corrected.case_closed':
    '更正{factDate}登记的{fact}（{factId}）为合格（{replacementId}）；调整案件 {caseId} 以误开结案',
  'timeline.fact_corrected.ground_removed':
    '更正{factDate}登记的{fact}（{factId}）为合格（{replacementId}）；调整案件 {caseId} 不再以健康为由',
  'timeline.fact_corrected.case_opened':
    '更正{factDate}登记的{fact}（{factId}）为不合格（{replacementId}），开启调整程序',
  'timeline.fact_corrected.training_due':
    '更正{factDate}登记的{fact}（{factId}），改记于{replacementDate}（{replacementId}）；第{year}年度县级培训尚未完成',
  'timeline.fact_corrected.absence_moved':
    '更正{factDate}登记的{fact}（{factId}），改记于{replacementDate}（{replacementId}）；第{year}年度考核最高可评为“{cap}”，第{toYear}年度最高可评为“{toCap}”',
  'timeline.fact_corrected.not_unwound':
    '更正{factDate}登记的{fact}（{factId}），以{replacementId}代替；{blocked}，其后果未能撤销，已交县委组织部处理',
  'because.fact_corrected': '体检记录经更正为不合格（{factId}）',
  'refusal.unknown_fact': '档案中没有这一登记事项。',
};

export const en = {
  'fact.training': 'county training',
  'fact.health_check': 'health check',
  'fact.absence': 'spot-check absence',
  'fact.pre_dispatch_training': 'pre-dispatch training',
  'facts.title': 'Recorded facts',
  'facts.hint':
    'A fact recorded in error can be voided, with a reason, by whoever recorded it or by the county organization department; the original stays on record beside the correction.',
  'facts.none': 'Nothing recorded yet.',
  'facts.fit': 'fit',
  'facts.unfit': 'not fit',
  'facts.recordedBy': 'recorded by {who}',
  'facts.voided': 'Voided: {reason} ({who}, {at})',
  'facts.void': 'Void',
  'facts.voidOf': 'Void the {fact} of {date}',
  'facts.reason': 'Why it is voided',
  'facts.reasonHint': 'Say what was wrong; the reason is kept with the original.',
  'facts.consequence.none':
    'Voided, it no longer counts; the original stays on record, marked voided.',
  'facts.consequence.case_closed':
    'This closes reassignment case {caseId} as opened in error, with its open tasks and recall request.',
  'facts.consequence.ground_removed':
    'Case {caseId} no longer rests on health; it goes on on its other grounds.',
  'facts.consequence.cap_lifted':
    'One absence fewer this year: the best rating allowed becomes “{cap}”.',
  'facts.consequence.training_due':
    "The year's county training counts as not done again; its reminders resume.",
  'facts.consequence.not_unwound.successor_nominated':
    'Case {caseId} already has a successor nominated, which voiding cannot undo: the county organization department gets a task to resolve it.',
  'facts.consequence.not_unwound.case_closed':
    'Case {caseId} is already closed, which voiding cannot undo: the county organization department gets a task to resolve it.',
  'facts.consequence.not_unwound.rating_given':
    "The year's rating is already given and stays: the county organization department gets a task to resolve it.",
  'action.fact_voided': 'Fact voided',
  'action.correction_resolved': 'Correction resolved',
  'timeline.fact_voided': 'The {fact} recorded on {factDate} ({factId}) voided',
  'timeline.fact_voided.case_closed':
    'The {fact} recorded on {factDate} ({factId}) voided; case {caseId} closed as opened in error',
  'timeline.fact_voided.ground_removed':
    'The {fact} recorded on {factDate} ({factId}) voided; case {caseId} no longer rests on health',
  'timeline.fact_voided.cap_lifted':
    'The {fact} recorded on {factDate} ({factId}) voided; the year’s best rating is now “{cap}”',
  'timeline.fact_voided.training_due':
    'The {fact} recorded on {factDate} ({factId}) voided; the year’s county training is due again',
  'timeline.fact_voided.not_unwound':
    'The {fact} recorded on {factDate} ({factId}) voided; {blocked}, so what it caused could not be undone: the county resolves it',
  'timeline.correction_resolved': 'The county resolved the correction of {factId}',
  'blocked.successor_nominated': 'a successor was already nominated on the case',
  'blocked.case_closed': 'the case was already closed',
  'blocked.rating_given': 'the year was already rated',
  'blocked.dispatched': 'the official was already dispatched on it',
  'facts.consequence.not_unwound.dispatched':
    'The official was dispatched on this training, which voiding cannot undo: the county organization department gets a task to resolve it.',
  'because.fact_voided': 'The health check that opened it ({factId}) was voided',
  'because.case_opened_in_error': 'The case was opened in error',
  'outcome.opened_in_error': 'opened in error',
  'refusal.already_voided': 'This fact is already voided.',
  'facts.correct': 'Correct',
  'facts.correctOf': 'Correct the {fact} of {date}',
  'facts.newDate': 'Right date',
  'facts.newDateHint': 'Year-month-day; a day since the official went on duty.',
  'facts.newFit': 'Right result',
  'facts.newTitle': 'Right title of the training',
  'facts.newNote': 'Right note',
  'facts.correctReason': 'Why it is corrected',
  'facts.correctConsequence':
    'The original is voided and stays on record; the corrected one is recorded in its place, and the log names both. What it caused is worked out again from the corrected record (a case opened in error closes, a check corrected to not fit opens one, an absence moved to another year moves its rating cap with it); what can no longer be undone goes to the county organization department.',
  'facts.replaces': 'corrects {id}',
  'facts.replacedBy': 'Corrected by {id}: {reason} ({who}, {at})',
  'action.fact_corrected': 'Fact corrected',
  'timeline.fact_corrected':
    'The {fact} recorded on {factDate} ({factId}) corrected by {replacementId} of {replacementDate}',
  'timeline.fact_corrected.case_closed':
    'The {fact} recorded on {factDate} ({factId}) corrected to fit ({replacementId}); case {caseId} closed as opened in error',
  'timeline.fact_corrected.ground_removed':
    'The {fact} recorded on {factDate} ({factId}) corrected to fit ({replacementId}); case {caseId} no longer rests on health',
  'timeline.fact_corrected.case_opened':
    'The {fact} recorded on {factDate} ({factId}) corrected to not fit ({replacementId}); a reassignment case opens',
  'timeline.fact_corrected.training_due':
    'The {fact} recorded on {factDate} ({factId}) moved to {replacementDate} ({replacementId}); year {year}’s county training is due again',
  'timeline.fact_corrected.absence_moved':
    'The {fact} recorded on {factDate} ({factId}) moved to {replacementDate} ({replacementId}); year {year}’s best rating is now “{cap}”, year {toYear}’s “{toCap}”',
  'timeline.fact_corrected.not_unwound':
    'The {fact} recorded on {factDate} ({factId}) corrected by {replacementId}; {blocked}, so what it caused could not be undone: the county resolves it',
  'because.fact_corrected': 'The health check was corrected to not fit ({factId})',
  'refusal.unknown_fact': 'The record holds no such fact.',
};
