// The village team's lead: one first secretary per village, a successor aside.
import { describe, expect, it } from 'vitest';
import { whyNotTeamNomination, type VillageMember } from '../../domain/team.js';

const secretary = (officialId: string, stage: VillageMember['stage']): VillageMember => ({
  officialId,
  post: 'first_secretary',
  stage,
});
const member = (officialId: string, stage: VillageMember['stage']): VillageMember => ({
  officialId,
  post: 'team_member',
  stage,
});

describe('the first secretary leads the village team', () => {
  it('takes a first secretary for a village with none on post or nominated', () => {
    expect(whyNotTeamNomination([], { post: 'first_secretary' })).toBeUndefined();
    // Team members, and first secretaries whose terms have ended, lead nothing.
    const past = ['closed', 'screened_out', 'rejected', 'withdrawn', 'recalled'] as const;
    expect(
      whyNotTeamNomination(
        [member('m1', 'on_duty'), ...past.map((stage, i) => secretary(`s${i}`, stage))],
        { post: 'first_secretary' },
      ),
    ).toBeUndefined();
  });

  it.each(['nominated', 'vetting', 'pre_dispatch_training', 'on_duty', 'handing_over'] as const)(
    'refuses a second first secretary while one is %s, naming them',
    (stage) => {
      const refusal = whyNotTeamNomination([secretary('off-a', stage)], {
        post: 'first_secretary',
      });
      expect(refusal).toMatchObject({
        code: 'first_secretary_present',
        details: { firstSecretaries: [{ officialId: 'off-a', stage }] },
      });
      expect(refusal!.message).toContain(`off-a, ${stage}`);
    },
  );

  it('takes a successor who names the first secretary they replace, and no other', () => {
    const village = [secretary('off-a', 'on_duty'), member('off-b', 'on_duty')];
    expect(
      whyNotTeamNomination(village, { post: 'first_secretary', replacesOfficialId: 'off-a' }),
    ).toBeUndefined();
    // Replacing a team member does not make room for a second lead.
    expect(
      whyNotTeamNomination(village, { post: 'first_secretary', replacesOfficialId: 'off-b' })?.code,
    ).toBe('first_secretary_present');
  });

  it('never refuses a team member, whatever the team: its size is reported, not refused', () => {
    expect(
      whyNotTeamNomination([secretary('off-a', 'on_duty'), secretary('off-c', 'vetting')], {
        post: 'team_member',
      }),
    ).toBeUndefined();
  });
});
