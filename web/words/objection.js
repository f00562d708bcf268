// The page's words for objection (Chinese and English), merged into i18n.js's dictionaries.
// A screening body's objection goes to the county organization department,
// which ends the nomination or asks a follow-up question; the body withdraws
// or maintains its objection. The decision words are domain/decisions.ts's.
export const zh = {
  'decision.end_nomination': '终止提名',
  'decision.follow_up': '发函追问',
  'decision.withdraw': '撤回异议',
  'decision.maintain': '坚持异议',
  'decision.confirm.end_nomination': '确认终止提名',
  'decision.consequence.end_nomination':
    '终止提名后不能撤回：本次提名结束，决定、所依据的异议及理由载入干部档案。',
  'decision.reasonRequired':
    '请写明理由：终止提名须说明依据，追问须写明所问事项，撤回或坚持异议须说明理由。',
  'objection.raised': '{body}机关的异议（{requestNo}）',
  'objection.question': '县委组织部的追问',
  'objection.maintained': '审查机关坚持异议（{requestNo}）',
  'outcome.end_nomination': '终止提名',
  'outcome.follow_up': '发函追问',
  'outcome.withdraw': '撤回异议',
  'outcome.maintain': '坚持异议',
  'action.objection_referred': '异议提交县委组织部研究',
  'action.nomination_ended': '终止提名',
  'requestKind.objection_follow_up': '异议追问函',
  'timeline.objection_referred': '{screener}对{requestNo}提出异议，提交县委组织部研究决定',
  'timeline.objection_referred.maintained':
    '{screener}在{followUpNo}中坚持对{requestNo}的异议，再次提交县委组织部研究决定',
  'timeline.nomination_ended': '县委组织部依据{screener}对{requestNo}的异议终止提名',
  'because.vetting_passed_withdrawn': '各审查机关均无异议或已撤回异议',
  // Also the why of the other bodies' requests cancelled with it (their params name
  // their own request): the objection and its reasons are entries of their own.
  'because.nomination_ended_on_objection': '县委组织部依据审查机关的异议终止了提名',
};
export const en = {
  'decision.end_nomination': 'End the nomination',
  'decision.follow_up': 'Ask a follow-up question',
  'decision.withdraw': 'Withdraw the objection',
  'decision.maintain': 'Maintain the objection',
  'decision.confirm.end_nomination': 'Confirm: end the nomination',
  'decision.consequence.end_nomination':
    'Ending the nomination cannot be taken back; the decision, the objection it rests on and the reasons go on record.',
  'decision.reasonRequired':
    'State your reason: an ended nomination its grounds, a follow-up its question, a withdrawn or maintained objection its reasons.',
  'objection.raised': 'Objection of the {body} body ({requestNo})',
  'objection.question': 'The county’s follow-up question',
  'objection.maintained': 'The body maintains its objection ({requestNo})',
  'outcome.end_nomination': 'nomination ended',
  'outcome.follow_up': 'follow-up question asked',
  'outcome.withdraw': 'objection withdrawn',
  'outcome.maintain': 'objection maintained',
  'action.objection_referred': 'Objection referred to the county',
  'action.nomination_ended': 'Nomination ended',
  'requestKind.objection_follow_up': 'Follow-up question on an objection',
  'timeline.objection_referred':
    '{screener} objects to {requestNo}; the county organization department decides',
  'timeline.objection_referred.maintained':
    '{screener} maintains its objection to {requestNo} ({followUpNo}); the county organization department decides again',
  'timeline.nomination_ended':
    'the county organization department ended the nomination on the objection of {screener} to {requestNo}',
  'because.vetting_passed_withdrawn': 'every screening body approved or withdrew its objection',
  'because.nomination_ended_on_objection':
    'the county organization department ended the nomination on a screening body’s objection',
};
