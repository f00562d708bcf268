import type { Policy } from './policy.js';

export const RATINGS = ['outstanding', 'competent', 'basically_competent', 'incompetent'] as const;
export type Rating = (typeof RATINGS)[number];

const rank: Record<Rating, number> = {
  outstanding: 3,
  competent: 2,
  basically_competent: 1,
  incompetent: 0,
};

/** The best rating the spot-check absences of a year still allow. */
export function ratingCap(absences: number, policy: Policy): Rating {
  const l = policy.absenceLadder;
  if (absences >= l.incompetentAt) return 'incompetent';
  if (absences >= l.atBestBasicallyCompetentAt) return 'basically_competent';
  if (absences >= l.notOutstandingAt) return 'competent';
  return 'outstanding';
}

/**
 * Whether a rating respects the cap. At 3+ absences the rule fixes the rating
 * at "incompetent", so it is the only one allowed.
 */
export function ratingAllowed(rating: Rating, absences: number, policy: Policy): boolean {
  const cap = ratingCap(absences, policy);
  if (cap === 'incompetent') return rating === 'incompetent';
  return rank[rating] <= rank[cap];
}

/** How many officials of a round may be rated outstanding. */
export function outstandingSlots(enrolled: number, policy: Policy): number {
  return Math.floor(enrolled * policy.outstandingQuota + 1e-9);
}

/** Outstanding officials get promotion priority at the end of their term. */
export function earnsPromotionPriority(finalRating: Rating | undefined): boolean {
  return finalRating === 'outstanding';
}

/** An "incompetent" rating is a ground for recall: it opens a reassignment case. */
export function isRecallGround(rating: Rating): boolean {
  return rating === 'incompetent';
}
