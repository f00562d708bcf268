// The village team: a first secretary leads it (shared/DOMAIN.md, "team size per
// village"). One first secretary per village: a nomination of a first secretary
// for a village that already has one on post or in the nomination pipeline is
// refused, unless it is a successor's, naming the official it replaces (from a
// reassignment case, or at a term's end), who is then not counted: the two
// overlap for the hand-over, and the predecessor leaves after it.
//
// The team's minimum size (policy minTeamSize) is reported by the overview,
// never refused here: a recall for health cannot wait for a team's size.
//
// Pure: the API reads the village's members from the record and asks.
import type { CandidateProfile } from './profile.js';
import { FINAL_STAGES, type Stage } from './records.js';

/** One official of the village as the record shows them. */
export interface VillageMember {
  officialId: string;
  post: CandidateProfile['post'];
  stage: Stage;
}

/** The nomination asked about: the post, and the official it replaces, if a successor's. */
export interface TeamNomination {
  post: CandidateProfile['post'];
  /** The predecessor a successor's nomination names; they leave after the hand-over. */
  replacesOfficialId?: string;
}

/** The refusal's code (409: the village's state, not the candidate, stands in the way). */
export const FIRST_SECRETARY_PRESENT = 'first_secretary_present';

export interface TeamRefusal {
  code: typeof FIRST_SECRETARY_PRESENT;
  message: string;
  /** The first secretaries in the way, with their stages. */
  details: { firstSecretaries: { officialId: string; stage: Stage }[] };
}

/** First secretaries on post or on their way to it: every stage but the final ones. */
export const leadingFirstSecretaries = (members: readonly VillageMember[]): VillageMember[] =>
  members.filter(
    (member) => member.post === 'first_secretary' && !FINAL_STAGES.includes(member.stage),
  );

/**
 * Whether the nomination may go ahead given the village's current members:
 * undefined if it may, else why not. A team member always may; a first
 * secretary only where no other leads or is nominated to lead, the
 * predecessor a successor names aside.
 */
export function whyNotTeamNomination(
  members: readonly VillageMember[],
  nomination: TeamNomination,
): TeamRefusal | undefined {
  if (nomination.post !== 'first_secretary') return undefined;
  const inTheWay = leadingFirstSecretaries(members).filter(
    (member) => member.officialId !== nomination.replacesOfficialId,
  );
  if (!inTheWay.length) return undefined;
  return {
    code: FIRST_SECRETARY_PRESENT,
    message: `the village already has a first secretary on post or nominated (${inTheWay
      .map((member) => `${member.officialId}, ${member.stage}`)
      .join(
        '; ',
      )}): a first secretary leads the team, and a second is nominated only as the successor of the one it replaces (replacesOfficialId)`,
    details: {
      firstSecretaries: inTheWay.map(({ officialId, stage }) => ({ officialId, stage })),
    },
  };
}
