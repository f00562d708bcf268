// The page's words in Chinese (the default) and English. Keys are flat; enum
// values of the API (task kinds, stages, actions, ratings …) have their own
// groups, so that a value the page does not know yet is shown as it is.

import { TASK_KIND_TITLES } from './vocabulary.js';
import * as attendanceWords from './words/attendance.js';
import * as correctionWords from './words/corrections.js';
import * as formWords from './words/forms.js';
import * as importWords from './words/import.js';
import * as objectionWords from './words/objection.js';
import * as operationWords from './words/operations.js';
import * as overviewWords from './words/overview.js';
import * as policyWords from './words/policies.js';
import * as taskContextWords from './words/task-context.js';
import * as timelineWords from './words/timeline.js';

const zh = {
  'app.title': '驻村干部审批',
  'app.skip': '跳到主要内容',
  'app.loading': '正在加载…',
  'nav.label': '主导航',
  'nav.inbox': '待办',
  'nav.officials': '干部',
  'nav.cases': '调整案件',
  'nav.mail': '提醒邮件',
  'nav.signOut': '退出登录',
  'nav.signedInAs': '当前身份：{name}（{role}）',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',

  'signIn.title': '登录',
  'signIn.intro': '审批人在此登录后处理本人待办：批准或驳回，并附意见。',
  'signIn.demo': '演示身份',
  'signIn.demoIntro': '演示环境：选择一个身份登录（令牌由本服务签发，8 小时有效）。',
  'signIn.as': '以此身份登录',
  'signIn.token': '粘贴访问令牌',
  'signIn.tokenIntro': '正式环境：从单位身份认证服务取得访问令牌（JWT），粘贴到下框。',
  'signIn.tokenLabel': '访问令牌（Bearer JWT）',
  'signIn.submit': '登录',
  'signIn.expired': '登录已失效，请重新登录。',
  'signIn.signedOut': '已退出登录。',
  'signIn.signedOutElsewhere': '已在另一个标签页退出登录。',

  'inbox.title': '待办任务',
  'inbox.filters': '筛选',
  'inbox.kind': '任务类型',
  'inbox.allKinds': '全部类型',
  'inbox.overdue': '期限',
  'inbox.overdueAll': '全部',
  'inbox.overdueOnly': '仅逾期',
  'inbox.notOverdue': '未逾期',
  'inbox.apply': '筛选',
  'inbox.summary': '共 {total} 项待办，其中 {overdue} 项已逾期，按截止时间排列。',
  'inbox.empty': '没有符合条件的待办任务。',
  'inbox.more': '加载更多',
  'inbox.caption': '待办任务，截止时间最早的在前',

  'col.task': '任务',
  'col.official': '干部',
  'col.village': '驻村',
  'col.due': '截止时间',
  'col.stage': '阶段',
  'col.status': '状态',
  'col.grounds': '启动依据',
  'col.age': '已开',
  'col.case': '案件',
  'col.unit': '派出单位',
  'col.item': '交接事项',
  'col.outgoing': '离任干部',
  'col.incoming': '接任干部',

  'badge.overdue': '已逾期',
  'badge.dueSoon': '按期',

  'task.back': '返回待办',
  'task.official': '干部',
  'task.village': '驻村',
  'task.created': '创建时间',
  'task.due': '截止时间',
  'task.assignee': '办理人',
  'task.requestNo': '请求编号',
  'task.case': '调整案件',
  'task.recordTitle': '记录标题',
  'task.month': '月份',
  'task.leaveDays': '请假天数',
  'task.year': '考核年度',
  'task.selfReport': '述职报告',
  'task.decision': '作出决定',
  'task.comment': '意见',
  'task.commentHint': '写明理由，将载入干部档案。',
  'task.days': '本月在村天数',
  'task.daysHint': '0 至 31 的整数；少于政策规定天数即为在村不足。',
  'task.rating': '评定等次',
  'task.chooseRating': '请选择等次',
  'task.report': '述职报告内容',
  'task.approve': '批准',
  'task.complete': '提交',
  'task.reject': '驳回',
  'task.submitting': '正在提交…',
  'task.closed': '此任务已处理：{outcome}（{by}，{at}）。',
  'task.notYours': '此任务由{who}办理，您只能查看。',
  'task.viaNomination': '继任人通过提名办理：由派出单位提名，并注明所接替的干部。',
  'task.viaCase': '交接清单在调整案件中逐项签字。',
  'task.openCase': '打开调整案件',
  'task.decided': '已记录：{task}（{official}），结果：{outcome}。干部现处于“{stage}”阶段。',
  'task.reload': '重新加载此任务',
  'task.reasonRequired': '请写明理由：驳回和对考察征求意见的答复都须说明理由。',
  'task.confirmReject': '确认驳回',
  'task.rejectConsequence': '驳回后不能撤回，决定和理由载入干部档案。',
  'task.rejectConsequence.vetting_reply':
    '提出异议后，由县委组织部研究决定终止提名或向本机关发函追问；答复不能撤回，答复和理由载入干部档案。',
  'task.rejectConsequence.approve_dispatch':
    '驳回派驻将终止本次提名，不能撤回；决定和理由载入干部档案。',
  'task.profile': '干部情况',
  'task.viewOfficial': '查看干部档案',

  'official.back': '返回',
  'official.id': '编号',
  'official.post': '职务',
  'official.stage': '当前阶段',
  'official.village': '驻村',
  'official.unit': '派出单位',
  'official.nominatedBy': '提名人',
  'official.nominatedAt': '提名时间',
  'official.dispatchedAt': '派驻时间',
  'official.termEndsAt': '任期届满',
  'official.policy': '政策版本',
  'official.promotion': '优先提拔',
  'official.yes': '是',
  'official.no': '否',
  'official.obligations': '本年度义务',
  'official.yearN': '第 {year} 个任期年度（{from} 至 {to}）',
  'official.noYears': '尚未上岗，暂无年度义务。',
  'official.training': '县级培训',
  'official.health': '年度体检',
  'official.attendance': '考勤',
  'official.rating': '年度考核',
  'official.absences': '抽查缺勤',
  'official.leave': '已请假',
  'official.daysN': '{n} 天',
  'official.timesN': '{n} 次',
  'official.monthDays': '第 {month} 月：{days} 天',
  'official.breach': '在村不足',
  'official.noMonths': '尚无已结算月份',
  'official.selfReported': '已提交述职，待评定',
  'official.screening': '六不派审查未通过',
  'official.openTasks': '待办任务',
  'official.noOpenTasks': '没有待办任务。',
  'official.cases': '调整案件',
  'official.timeline': '履职记录',
  'official.timelineHint': '最新的在前；每条记录注明办理人和政策版本。',
  'official.showAll': '显示全部 {n} 条记录',
  'official.list': '干部名录',
  'official.search': '姓名或编号',
  'official.stageFilter': '阶段',
  'official.allStages': '全部阶段',
  'official.searchButton': '查找',
  'official.total': '共 {total} 人',
  'official.none': '没有符合条件的干部。',

  'status.done': '已完成',
  'status.pending': '待完成，截止 {at}',
  'status.overdue': '已逾期（截止 {at}）',
  'status.fit': '合格',
  'status.unfit': '不合格',

  'cases.title': '调整案件',
  'cases.status': '状态',
  'cases.open': '未结案',
  'cases.all': '全部',
  'cases.apply': '筛选',
  'cases.empty': '没有符合条件的调整案件。',
  'cases.caption': '调整案件，最早开启的在前',
  'cases.ageDays': '{n} 天',
  'case.title': '调整案件 {id}',
  'case.back': '返回调整案件',
  'case.official': '干部',
  'case.grounds': '启动依据',
  'case.status': '状态',
  'case.opened': '开启时间',
  'case.due': '截止时间',
  'case.closed': '结案时间',
  'case.outcome': '结果',
  'case.outcomeReason': '结果说明',
  'case.recallRequest': '召回请求',
  'case.successors': '继任人',
  'case.none': '暂无',
  'case.handover': '交接清单',
  'case.handoverPeriod': '交接期：{from} 至 {to}',
  'case.noHandover': '交接尚未开始：继任人派驻后开始，双方逐项签字。',
  'case.signed': '已签字 {at}',
  'case.unsigned': '未签字',

  'mail.title': '提醒邮件',
  'mail.intro': '演示环境中发出的提醒和督办邮件都在这里，不会真正发出。',
  'mail.empty': '还没有邮件。',
  'mail.to': '收件人',
  'mail.from': '发件人',
  'mail.at': '时间',
  'mail.unavailable': '只有演示环境才收集邮件。',

  'error.400': '提交的内容有误',
  'error.401': '请重新登录',
  'error.403': '无权进行此操作',
  'error.404': '未找到',
  'error.409': '操作冲突：此事项已被处理或所处阶段已变化',
  'error.422': '规则不允许此决定',
  'error.503': '服务暂时不可用，请稍后重试',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.other': '出现错误',
  'error.detail': '服务器说明：{message}',
  'error.notFoundPage': '没有这个页面。',

  'stage.nominated': '已提名',
  'stage.vetting': '审查中',
  'stage.awaiting_dispatch_approval': '待审批选派',
  'stage.pre_dispatch_training': '岗前培训',
  'stage.dispatched': '已派驻（交接中）',
  'stage.on_duty': '在岗',
  'stage.term_end': '任期届满',
  'stage.handing_over': '交接中',
  'stage.closed': '已结束',
  'stage.screened_out': '未通过六不派审查',
  'stage.rejected': '派驻未获批准',
  'stage.withdrawn': '已撤回',
  'stage.recalled': '已召回',

  'outcome.approve': '批准',
  'outcome.reject': '驳回',
  'outcome.signed': '已签字',
  'outcome.recalled': '已召回',
  'outcome.recall_rejected': '召回未获批准',
  'outcome.exception': '例外留任',
  'outcome.term_ended': '任期届满',
  'outcome.cancelled': '已取消',

  'rating.outstanding': '优秀',
  'rating.competent': '称职',
  'rating.basically_competent': '基本称职',
  'rating.incompetent': '不称职',

  'ground.health': '健康原因',
  'ground.evaluation': '考核不称职',
  'ground.residence': '在村不足',
  'ground.leave': '请假超限',
  'ground.request': '派出单位请求',

  'caseStatus.recall_requested': '已提出召回请求',
  'caseStatus.awaiting_successor': '待提名继任人',
  'caseStatus.successor_in_vetting': '继任人审查中',
  'caseStatus.handover': '交接中',
  'caseStatus.closed': '已结案',

  'handover.village_ledger': '村级台账',
  'handover.ongoing_projects': '在建项目',
  'handover.contacts': '联系人名册',
  'handover.open_matters': '未办结事项',

  'role.dispatching_unit': '派出单位',
  'role.county_org': '县委组织部',
  'role.township': '乡镇党委',
  'role.official': '驻村干部',
  'role.screening_body': '审查机关',
  'role.region_admin': '自治区管理员',
  'role.system': '系统',

  'body.discipline': '纪检监察',
  'body.petition': '信访',
  'body.police': '公安',

  'post.first_secretary': '驻村第一书记',
  'post.team_member': '驻村工作队员',

  'action.nominated': '提名',
  'action.screened': '通过六不派审查',
  'action.screening_failed': '六不派审查未通过',
  'action.stage': '阶段变化',
  'action.request_filed': '提出请求',
  'action.request_replied': '答复请求',
  'action.reminded': '提醒',
  'action.escalated': '督办',
  'action.reminder_called_off': '提醒已撤回',
  'action.dispatch_approved': '批准派驻',
  'action.dispatch_rejected': '驳回派驻',
  'action.trained': '培训',
  'action.attendance_closed': '考勤结算',
  'action.self_reported': '提交述职',
  'action.rated': '考核评定',
  'action.health_checked': '体检',
  'action.absent_on_spot_check': '抽查缺勤',
  'action.leave_requested': '申请请假',
  'action.leave_approved': '批准请假',
  'action.leave_rejected': '驳回请假',
  'action.returned_from_leave': '销假返村',
  'action.case_opened': '开启调整案件',
  'action.case_ground_added': '追加案件依据',
  'action.case_closed': '案件结案',
  'action.successor_requested': '要求提名继任人',
  'action.successor_nominated': '提名继任人',
  'action.successor_failed': '继任人未成',
  'action.successor_ignored': '继任人状态不再适用',
  'action.handover_signed': '交接签字',
  'action.handover_completed': '交接完成',
  'action.recall_exception': '召回例外',
  'action.predecessor_left': '前任已离开',
  'action.term_completed': '任期结束',

  // Place names of the demo tree; other segments are shown as they are.
  'place.gx': '广西',
  'place.nanning': '南宁市',
  'place.wuming': '武鸣区',
  'place.binyang': '宾阳县',
  'place.fucheng': '府城镇',
  'place.lianhe': '联合村',
  'place.other': '其他',

  // People and bodies go by the directory's name (api/demo.ts); the
  // English names of the demo bodies are in words/timeline.js.
  'person.system': '系统',

  'do.title': '办理',
  'do.confirm': '确认办理',
  'do.cancel': '取消',
  'do.confirmTitle': '请确认：此操作不能撤回',
  'do.done': '已办理：{action}。干部现处于“{stage}”阶段。',
  'do.recordCountyTraining': '登记县级培训',
  'do.recordPreDispatchTraining': '登记岗前培训',
  'do.retryRecordWrite': '重试写入档案',
  'do.retry.intro': '档案写入曾被拒绝；确认问题已排除后重试。',
  'do.recordHealthCheck': '登记体检结果',
  'do.recordAbsence': '登记抽查缺勤',
  'do.requestLeave': '申请请假',
  'do.reportReturnFromLeave': '报告销假返岗',
  'do.fileRequest': '提出召回或人选调整请示',
  'do.recordRecallException': '决定例外留任',
  'do.training.title': '培训名称',
  'do.training.hint': '如“2026年驻村第一书记轮训班”。',
  'do.health.result': '体检结论',
  'do.health.fit': '合格',
  'do.health.unfit': '不合格',
  'do.health.note': '说明',
  'do.health.unfitConsequence':
    '体检不合格将立即为该干部开启因健康原因的调整案件，并通知县委组织部。',
  'do.absence.note': '抽查情况',
  'do.absence.hint': '写明抽查日期和情况。',
  'do.absence.consequence':
    '抽查缺勤将载入档案并计入年度考核；次数达到政策上限的，年度考核等次受限。',
  'do.leave.days': '请假天数',
  'do.leave.daysHint': '超过政策规定天数的，须报县委组织部答复。',
  'do.leave.reason': '请假事由',
  'do.return.intro': '确认本人已结束请假、返回驻村岗位。',
  'do.request.matter': '请示事项',
  'do.request.recall': '召回',
  'do.request.adjustment': '人选调整',
  'do.request.reasons': '理由',
  'do.request.recallConsequence':
    '召回请示将送县委组织部答复；同意后开启调整案件，须提名继任人并完成交接。',
  'do.request.adjustmentConsequence': '人选调整请示将送县委组织部答复；同意后本次提名结束。',
  'do.exception.reason': '留任理由',
  'do.exception.consequence': '例外留任将结束召回，该干部继续驻村；决定及理由载入档案。',
  'nominate.title': '提名驻村干部',
  'nominate.successorTitle': '提名继任人',
  'nominate.intro': '填写人选情况；提交后按“六不派”规定审查，并向纪检、信访、公安征求意见。',
  'nominate.replaces': '接替：',
  'nominate.who': '人选',
  'nominate.officialId': '干部编号',
  'nominate.officialIdHint': '字母、数字、- 和 _。',
  'nominate.name': '姓名',
  'nominate.email': '电子邮箱',
  'nominate.birthDate': '出生日期',
  'nominate.post': '拟任职务',
  'nominate.village': '驻点村',
  'nominate.villageHint':
    '区划代码路径：自治区/市/县/乡镇/村，如 gx/nanning/wuming/fucheng/lianhe（广西 › 南宁市 › 武鸣区 › 府城镇 › 联合村）。',
  'nominate.unit': '派出单位',
  'nominate.rules': '“六不派”审查所需情况',
  'nominate.rulesHint': '以下情况按“六不派”规定逐条审查，如实填写。',
  'nominate.party': '政治面貌',
  'nominate.party.full': '中共正式党员',
  'nominate.party.probationary': '中共预备党员',
  'nominate.party.none': '非党员',
  'nominate.workYears': '工作年限',
  'nominate.rating1': '上一年度考核等次',
  'nominate.rating2': '前一年度考核等次',
  'nominate.noRating': '无',
  'nominate.healthDate': '最近一次体检日期',
  'nominate.healthFit': '体检结论',
  'nominate.formalPost': '在编在岗',
  'nominate.willingness': '已签署本人意愿书',
  'nominate.investigated': '正在接受审查调查',
  'nominate.sanctioned': '处于处分影响期',
  'nominate.submit': '提交提名',
  'nominate.done': '已提名，干部现处于“{stage}”阶段。',
  'nominate.screenedOut': '未通过“六不派”审查（{rules}），提名已终止并载入档案。',
  'case.nominateSuccessor': '继任人',
  'case.nominateSuccessorLink': '为此案件提名继任人',
  'case.sign': '签字',
  'case.signConsequence': '签字确认“{item}”已交接；签字后不能撤回。',
  'case.signedFlash': '已签字：{item}。',
  'nav.nominate': '提名',
};

const en = {
  'app.title': 'Zhucun approvals',
  'app.skip': 'Skip to the main content',
  'app.loading': 'Loading…',
  'nav.label': 'Main',
  'nav.inbox': 'Inbox',
  'nav.officials': 'Officials',
  'nav.cases': 'Cases',
  'nav.mail': 'Mail',
  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {name} ({role})',
  'lang.switch': '中文',
  'lang.switchLabel': '切换到中文',

  'signIn.title': 'Sign in',
  'signIn.intro':
    'Approvers sign in here to act on their tasks: approve or reject, with a comment.',
  'signIn.demo': 'Demo actors',
  'signIn.demoIntro':
    'Demo deployment: pick an actor (this server signs the token; it lasts 8 hours).',
  'signIn.as': 'Sign in as this actor',
  'signIn.token': 'Paste an access token',
  'signIn.tokenIntro':
    "Production: get an access token (JWT) from your organization's identity provider and paste it below.",
  'signIn.tokenLabel': 'Access token (bearer JWT)',
  'signIn.submit': 'Sign in',
  'signIn.expired': 'Your sign-in has expired; sign in again.',
  'signIn.signedOut': 'You have signed out.',
  'signIn.signedOutElsewhere': 'You signed out in another tab.',

  'inbox.title': 'Inbox',
  'inbox.filters': 'Filters',
  'inbox.kind': 'Task kind',
  'inbox.allKinds': 'All kinds',
  'inbox.overdue': 'Deadline',
  'inbox.overdueAll': 'All',
  'inbox.overdueOnly': 'Overdue only',
  'inbox.notOverdue': 'Not overdue',
  'inbox.apply': 'Apply',
  'inbox.summary': '{total} open task(s), {overdue} overdue, soonest deadline first.',
  'inbox.empty': 'No open task matches.',
  'inbox.more': 'Load more',
  'inbox.caption': 'Open tasks, soonest deadline first',

  'col.task': 'Task',
  'col.official': 'Official',
  'col.village': 'Village',
  'col.due': 'Due',
  'col.stage': 'Stage',
  'col.status': 'Status',
  'col.grounds': 'Grounds',
  'col.age': 'Open for',
  'col.case': 'Case',
  'col.unit': 'Dispatching unit',
  'col.item': 'Item',
  'col.outgoing': 'Outgoing official',
  'col.incoming': 'Incoming official',

  'badge.overdue': 'Overdue',
  'badge.dueSoon': 'On time',

  'task.back': 'Back to the inbox',
  'task.official': 'Official',
  'task.village': 'Village',
  'task.created': 'Created',
  'task.due': 'Due',
  'task.assignee': 'Waits for',
  'task.requestNo': 'Request',
  'task.case': 'Case',
  'task.recordTitle': 'Title on record',
  'task.month': 'Month',
  'task.leaveDays': 'Days of leave',
  'task.year': 'Year',
  'task.selfReport': 'Self-report',
  'task.decision': 'Decision',
  'task.comment': 'Comment',
  'task.commentHint': 'Give your reasons; they go into the official’s record.',
  'task.days': 'Days in the village this month',
  'task.daysHint':
    'A whole number from 0 to 31; fewer than the policy requires is a residence breach.',
  'task.rating': 'Rating',
  'task.chooseRating': 'Choose a rating',
  'task.report': 'Self-report text',
  'task.approve': 'Approve',
  'task.complete': 'Submit',
  'task.reject': 'Reject',
  'task.submitting': 'Submitting…',
  'task.closed': 'This task has been decided: {outcome} ({by}, {at}).',
  'task.notYours': 'This task waits for {who}; you can only read it.',
  'task.viaNomination':
    'A successor is nominated by the dispatching unit, naming the official they replace.',
  'task.viaCase': 'The hand-over checklist is signed item by item in the reassignment case.',
  'task.openCase': 'Open the reassignment case',
  'task.decided':
    'Recorded: {task} ({official}), {outcome}. The official is now at stage “{stage}”.',
  'task.reload': 'Reload this task',
  'task.reasonRequired':
    'State your reason: a rejection and a reply to a vetting request must give one.',
  'task.confirmReject': 'Confirm the rejection',
  'task.rejectConsequence':
    'A rejection cannot be taken back; the decision and its reason go on record.',
  'task.rejectConsequence.vetting_reply':
    'The county organization department decides on an objection: it ends the nomination or asks you a follow-up question. The reply cannot be taken back; it and its reason go on record.',
  'task.rejectConsequence.approve_dispatch':
    'Rejecting the dispatch ends this nomination and cannot be taken back; the decision and its reason go on record.',
  'task.profile': 'The official',
  'task.viewOfficial': 'Open the official’s record',

  'official.back': 'Back',
  'official.id': 'Id',
  'official.post': 'Post',
  'official.stage': 'Stage',
  'official.village': 'Village',
  'official.unit': 'Dispatching unit',
  'official.nominatedBy': 'Nominated by',
  'official.nominatedAt': 'Nominated',
  'official.dispatchedAt': 'Dispatched',
  'official.termEndsAt': 'Term ends',
  'official.policy': 'Policy version',
  'official.promotion': 'Promotion priority',
  'official.yes': 'Yes',
  'official.no': 'No',
  'official.obligations': 'This year’s obligations',
  'official.yearN': 'Term year {year} ({from} to {to})',
  'official.noYears': 'Not on post yet: no yearly obligations.',
  'official.training': 'County-level training',
  'official.health': 'Health check',
  'official.attendance': 'Attendance',
  'official.rating': 'Yearly rating',
  'official.absences': 'Spot-check absences',
  'official.leave': 'Leave taken',
  'official.daysN': '{n} day(s)',
  'official.timesN': '{n}',
  'official.monthDays': 'Month {month}: {days} days',
  'official.breach': 'residence breach',
  'official.noMonths': 'No month closed yet',
  'official.selfReported': 'Self-report in, rating pending',
  'official.screening': 'Failed the six no-dispatch rules',
  'official.openTasks': 'Open tasks',
  'official.noOpenTasks': 'No open task.',
  'official.cases': 'Reassignment cases',
  'official.timeline': 'Timeline',
  'official.timelineHint':
    'Newest first; each entry names who acted and under which policy version.',
  'official.showAll': 'Show all {n} entries',
  'official.list': 'Officials',
  'official.search': 'Name or id',
  'official.stageFilter': 'Stage',
  'official.allStages': 'All stages',
  'official.searchButton': 'Search',
  'official.total': '{total} official(s)',
  'official.none': 'No official matches.',

  'status.done': 'Done',
  'status.pending': 'Pending, due {at}',
  'status.overdue': 'Overdue (was due {at})',
  'status.fit': 'Fit',
  'status.unfit': 'Not fit',

  'cases.title': 'Reassignment cases',
  'cases.status': 'Status',
  'cases.open': 'Open',
  'cases.all': 'All',
  'cases.apply': 'Apply',
  'cases.empty': 'No case matches.',
  'cases.caption': 'Reassignment cases, oldest first',
  'cases.ageDays': '{n} day(s)',
  'case.title': 'Case {id}',
  'case.back': 'Back to the cases',
  'case.official': 'Official',
  'case.grounds': 'Grounds',
  'case.status': 'Status',
  'case.opened': 'Opened',
  'case.due': 'Due',
  'case.closed': 'Closed',
  'case.outcome': 'Outcome',
  'case.outcomeReason': 'Reason',
  'case.recallRequest': 'Recall request',
  'case.successors': 'Successors',
  'case.none': 'None yet',
  'case.handover': 'Hand-over checklist',
  'case.handoverPeriod': 'Hand-over period: {from} to {to}',
  'case.noHandover':
    'No hand-over yet: it starts when the successor is dispatched; both officials sign each item.',
  'case.signed': 'Signed {at}',
  'case.unsigned': 'Not signed',

  'mail.title': 'Caught mail',
  'mail.intro':
    'The demo deployment catches every reminder and escalation here; nothing is sent out.',
  'mail.empty': 'No mail yet.',
  'mail.to': 'To',
  'mail.from': 'From',
  'mail.at': 'Received',
  'mail.unavailable': 'Only the demo deployment catches mail.',

  'error.400': 'The request is not valid',
  'error.401': 'Sign in again',
  'error.403': 'You may not do this',
  'error.404': 'Not found',
  'error.409': 'Conflict: this has already been decided, or the stage has changed',
  'error.422': 'A rule refuses this decision',
  'error.503': 'The service is unavailable; try again shortly',
  'error.network': 'The server cannot be reached; check the connection and try again',
  'error.other': 'Something went wrong',
  'error.detail': 'The server says: {message}',
  'error.notFoundPage': 'There is no such page.',

  'stage.nominated': 'Nominated',
  'stage.vetting': 'Vetting',
  'stage.awaiting_dispatch_approval': 'Awaiting dispatch approval',
  'stage.pre_dispatch_training': 'Pre-dispatch training',
  'stage.dispatched': 'Dispatched (hand-over)',
  'stage.on_duty': 'On duty',
  'stage.term_end': 'Term end',
  'stage.handing_over': 'Handing over',
  'stage.closed': 'Closed',
  'stage.screened_out': 'Screened out',
  'stage.rejected': 'Dispatch rejected',
  'stage.withdrawn': 'Withdrawn',
  'stage.recalled': 'Recalled',

  'outcome.approve': 'approved',
  'outcome.reject': 'rejected',
  'outcome.signed': 'signed',
  'outcome.recalled': 'recalled',
  'outcome.recall_rejected': 'recall rejected',
  'outcome.exception': 'kept by exception',
  'outcome.term_ended': 'term ended',
  'outcome.cancelled': 'cancelled',

  'rating.outstanding': 'Outstanding',
  'rating.competent': 'Competent',
  'rating.basically_competent': 'Basically competent',
  'rating.incompetent': 'Incompetent',

  'ground.health': 'Health',
  'ground.evaluation': 'Evaluation',
  'ground.residence': 'Residence',
  'ground.leave': 'Leave',
  'ground.request': 'Unit’s request',

  'caseStatus.recall_requested': 'Recall requested',
  'caseStatus.awaiting_successor': 'Awaiting a successor',
  'caseStatus.successor_in_vetting': 'Successor in vetting',
  'caseStatus.handover': 'Hand-over',
  'caseStatus.closed': 'Closed',

  'handover.village_ledger': 'Village ledger',
  'handover.ongoing_projects': 'Ongoing projects',
  'handover.contacts': 'Contacts',
  'handover.open_matters': 'Open matters',

  'role.dispatching_unit': 'dispatching unit',
  'role.county_org': 'county organization department',
  'role.township': 'township Party committee',
  'role.official': 'official',
  'role.screening_body': 'screening body',
  'role.region_admin': 'regional administrator',
  'role.system': 'system',

  'body.discipline': 'discipline inspection',
  'body.petition': 'petitions',
  'body.police': 'police',

  'post.first_secretary': 'First secretary',
  'post.team_member': 'Work-team member',

  'action.nominated': 'Nominated',
  'action.screened': 'Screened',
  'action.screening_failed': 'Screening failed',
  'action.stage': 'Stage changed',
  'action.request_filed': 'Request filed',
  'action.request_replied': 'Request replied',
  'action.reminded': 'Reminded',
  'action.escalated': 'Escalated',
  'action.reminder_called_off': 'Reminder called off',
  'action.dispatch_approved': 'Dispatch approved',
  'action.dispatch_rejected': 'Dispatch rejected',
  'action.trained': 'Training',
  'action.attendance_closed': 'Attendance closed',
  'action.self_reported': 'Self-report',
  'action.rated': 'Rated',
  'action.health_checked': 'Health check',
  'action.absent_on_spot_check': 'Absent on a spot check',
  'action.leave_requested': 'Leave requested',
  'action.leave_approved': 'Leave approved',
  'action.leave_rejected': 'Leave rejected',
  'action.returned_from_leave': 'Back from leave',
  'action.case_opened': 'Case opened',
  'action.case_ground_added': 'Case ground added',
  'action.case_closed': 'Case closed',
  'action.successor_requested': 'Successor requested',
  'action.successor_nominated': 'Successor nominated',
  'action.successor_failed': 'Successor failed',
  'action.successor_ignored': 'Successor update ignored',
  'action.handover_signed': 'Hand-over signed',
  'action.handover_completed': 'Hand-over complete',
  'action.recall_exception': 'Recall exception',
  'action.predecessor_left': 'Predecessor left',
  'action.term_completed': 'Term completed',

  'place.gx': 'Guangxi',
  'place.nanning': 'Nanning',
  'place.wuming': 'Wuming',
  'place.binyang': 'Binyang',
  'place.fucheng': 'Fucheng',
  'place.lianhe': 'Lianhe',
  'place.other': 'Other',

  'person.system': 'the system',

  'do.title': 'Actions',
  'do.confirm': 'Confirm',
  'do.cancel': 'Cancel',
  'do.confirmTitle': 'Please confirm: this cannot be undone',
  'do.done': 'Done: {action}. The official is now at “{stage}”.',
  'do.recordCountyTraining': 'Record a county training',
  'do.recordPreDispatchTraining': 'Record the pre-dispatch training',
  'do.retryRecordWrite': 'Retry the record write',
  'do.retry.intro': 'Writing the record was refused; retry once the cause is mended.',
  'do.recordHealthCheck': 'Record a health check',
  'do.recordAbsence': 'Record a spot-check absence',
  'do.requestLeave': 'Request leave',
  'do.reportReturnFromLeave': 'Report the return from leave',
  'do.fileRequest': 'File a recall or adjustment request',
  'do.recordRecallException': 'Keep the official as an exception',
  'do.training.title': 'Title',
  'do.training.hint': 'E.g. “2026 first-secretary rotation course”.',
  'do.health.result': 'Result',
  'do.health.fit': 'Fit',
  'do.health.unfit': 'Not fit',
  'do.health.note': 'Note',
  'do.health.unfitConsequence':
    'A “not fit” result opens a reassignment case for health at once and tells the county organization department.',
  'do.absence.note': 'What the spot check found',
  'do.absence.hint': 'The date and what was found.',
  'do.absence.consequence':
    'The absence goes on record and counts in the yearly evaluation; at the policy limit it caps the rating.',
  'do.leave.days': 'Days of leave',
  'do.leave.daysHint': 'Beyond the policy limit the county organization department must reply.',
  'do.leave.reason': 'Reason',
  'do.return.intro': 'Confirm that your leave is over and you are back in the village.',
  'do.request.matter': 'Matter',
  'do.request.recall': 'Recall',
  'do.request.adjustment': 'Candidate adjustment',
  'do.request.reasons': 'Reasons',
  'do.request.recallConsequence':
    'The recall request goes to the county organization department; if approved, a reassignment case opens, a successor is nominated and the hand-over follows.',
  'do.request.adjustmentConsequence':
    'The adjustment request goes to the county organization department; if approved, this nomination ends.',
  'do.exception.reason': 'Reasons to keep the official',
  'do.exception.consequence':
    'The exception ends the recall and the official stays in the village; the decision and its reasons go on record.',
  'nominate.title': 'Nominate an official',
  'nominate.successorTitle': 'Nominate a successor',
  'nominate.intro':
    'Fill in the candidate; on sending, the six no-dispatch rules are checked and the discipline, petition and police bodies are asked.',
  'nominate.replaces': 'Succeeds:',
  'nominate.who': 'Candidate',
  'nominate.officialId': 'Official id',
  'nominate.officialIdHint': 'Letters, digits, - and _.',
  'nominate.name': 'Name',
  'nominate.email': 'E-mail',
  'nominate.birthDate': 'Date of birth',
  'nominate.post': 'Post',
  'nominate.village': 'Village',
  'nominate.villageHint':
    'Its path: region/city/county/township/village, e.g. gx/nanning/wuming/fucheng/lianhe.',
  'nominate.unit': 'Dispatching unit',
  'nominate.rules': 'What the six no-dispatch rules read',
  'nominate.rulesHint': 'Each rule reads these facts; state them as they are.',
  'nominate.party': 'Party membership',
  'nominate.party.full': 'Full member',
  'nominate.party.probationary': 'Probationary member',
  'nominate.party.none': 'Not a member',
  'nominate.workYears': 'Years of work',
  'nominate.rating1': 'Last year’s rating',
  'nominate.rating2': 'The year before',
  'nominate.noRating': 'None',
  'nominate.healthDate': 'Last health check',
  'nominate.healthFit': 'Its result',
  'nominate.formalPost': 'Holds a formal post',
  'nominate.willingness': 'Signed the statement of willingness',
  'nominate.investigated': 'Under investigation',
  'nominate.sanctioned': 'Under a disciplinary sanction',
  'nominate.submit': 'Nominate',
  'nominate.done': 'Nominated; the official is now at “{stage}”.',
  'nominate.screenedOut':
    'Screened out by the six no-dispatch rules ({rules}); the nomination has ended and is on record.',
  'case.nominateSuccessor': 'Successor',
  'case.nominateSuccessorLink': 'Nominate a successor for this case',
  'case.sign': 'Sign',
  'case.signConsequence': 'Sign that “{item}” is handed over; a signature cannot be taken back.',
  'case.signedFlash': 'Signed: {item}.',
  'nav.nominate': 'Nominate',
};

// Task titles have one home, domain/task-titles.ts, served as vocabulary.js.
for (const [kind, titles] of Object.entries(TASK_KIND_TITLES)) {
  zh[`kind.${kind}`] = titles.zh;
  en[`kind.${kind}`] = titles.en;
}

// Each area of the page keeps its words in web/words/ (one file per area).
for (const words of [
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
/** The value of <html lang> for each language. */
export const HTML_LANG = { zh: 'zh-CN', en: 'en' };
const LOCALE = { zh: 'zh-CN', en: 'en-GB' };

const STORAGE_KEY = 'zhucun.lang';
let current = LANGUAGES.includes(safeGet(STORAGE_KEY)) ? safeGet(STORAGE_KEY) : 'zh';

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export const getLang = () => current;

export function setLang(lang) {
  if (!LANGUAGES.includes(lang)) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = HTML_LANG[lang];
}

/** The text for a key, with {name} placeholders filled; English, then the key, as fallbacks. */
export function t(key, vars = {}) {
  const text = DICTIONARIES[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Whether the page has words for a key (in its language or in English). */
export const hasWords = (key) => key in DICTIONARIES[current] || key in en;

/** An enum value of the API in words; an unknown value is shown as it is. */
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
export function place(path) {
  if (!path) return '';
  return String(path)
    .split('/')
    .map((seg) => DICTIONARIES[current][`place.${seg}`] ?? en[`place.${seg}`] ?? seg)
    .join(' › ');
}

/** A person or body by id: the demo actors have names in both languages. */
export function person(id, fallback) {
  return DICTIONARIES[current][`person.${id}`] ?? fallback ?? id;
}

export function formatDateTime(value) {
  if (value === undefined || value === null) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALE[current], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}

export function formatDate(value) {
  if (value === undefined || value === null) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALE[current], { dateStyle: 'medium' }).format(d);
}
