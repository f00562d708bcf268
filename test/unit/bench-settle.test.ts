import { describe, expect, it } from 'vitest';
import {
  STILL_MS,
  STILL_WHILE_RUNNING_DAYS,
  remindersFinal,
  type SettleState,
} from '../../bench/phases/settle.js';

// The benchmark audits reminders once they are final: as soon as every term has
// closed and the log, the notifications table and the mail catcher agree; when
// they disagree with nothing running, once nothing has moved for a while (they
// never will agree then); with terms still running, only once a policy month
// has passed with nothing moving.
const dayMs = 800;
const settled: SettleState = {
  monthsClosing: 0,
  runningTerms: 0,
  remindersAgree: true,
  quietMs: 0,
  dayMs,
};

describe('when the benchmark takes the reminders as final', () => {
  it('at once when every term has closed and the log, table and mail agree', () => {
    expect(remindersFinal(settled)).toBe(true);
  });

  it('not while months are being closed', () => {
    expect(remindersFinal({ ...settled, monthsClosing: 2, quietMs: 60_000 })).toBe(false);
  });

  it('with every term closed but the counts apart, once nothing has moved for STILL_MS', () => {
    const apart = { ...settled, remindersAgree: false };
    expect(remindersFinal({ ...apart, quietMs: STILL_MS - 1 })).toBe(false);
    expect(remindersFinal({ ...apart, quietMs: STILL_MS })).toBe(true);
  });

  it('with terms running and the counts agreeing, only after a quiet policy month', () => {
    const running = { ...settled, runningTerms: 3 };
    expect(remindersFinal({ ...running, quietMs: STILL_WHILE_RUNNING_DAYS * dayMs - 1 })).toBe(
      false,
    );
    expect(remindersFinal({ ...running, quietMs: STILL_WHILE_RUNNING_DAYS * dayMs })).toBe(true);
    expect(remindersFinal({ ...running, runningTerms: undefined, quietMs: 24_000 })).toBe(true);
  });

  it('never with terms running and the counts apart (the budget ends that wait)', () => {
    expect(
      remindersFinal({ ...settled, runningTerms: 3, remindersAgree: false, quietMs: 3_600_000 }),
    ).toBe(false);
  });
});
