// The page's words for the official's own report of a month's days in the
// village (workflows/term/attendance-report.ts) and for the township's view of
// it when closing the month (Chinese and English), merged into i18n.js's dictionaries.
export const zh = {
  'do.reportAttendance': '报告本月驻村天数',
  'do.attendance.month': '月份',
  'do.attendance.monthOption': '第{month}个月（{calendarMonth}）',
  'do.attendance.monthOptionPlain': '第{month}个月',
  'do.attendance.days': '在村天数',
  'do.attendance.daysHint': '按本人实际在村天数填写；乡镇党委结算考勤时以此为参考。',
  'do.attendance.note': '说明（可选）',
  'do.attendance.reported': '已报告 {days} 天（{at}）；可重新报告，以最后一次为准。',
  'action.attendance_reported': '报告驻村天数',
  'timeline.attendance_reported': '本人报告第{month}个月在村{days}天',
  'timeline.attendance_reported.was': '本人报告第{month}个月在村{days}天（原报告{was}天）',
  'close.reported': '本人报告：{days}天',
  'close.reportedNote': '本人报告：{days}天（{note}）',
  'close.notReported': '本人未报告',
};

export const en = {
  'do.reportAttendance': "Report this month's days in the village",
  'do.attendance.month': 'Month',
  'do.attendance.monthOption': 'Month {month} ({calendarMonth})',
  'do.attendance.monthOptionPlain': 'Month {month}',
  'do.attendance.days': 'Days in the village',
  'do.attendance.daysHint':
    'The days you were in the village; the township weighs them when it closes the month.',
  'do.attendance.note': 'Note (optional)',
  'do.attendance.reported': 'Reported {days} days ({at}); report again to replace it.',
  'action.attendance_reported': 'Days reported',
  'timeline.attendance_reported':
    'Month {month}: {days} days in the village, as the official counts them',
  'timeline.attendance_reported.was':
    'Month {month}: {days} days in the village, as the official counts them (was {was})',
  'close.reported': 'Own report: {days} days',
  'close.reportedNote': 'Own report: {days} days ({note})',
  'close.notReported': 'No report by the official',
};
