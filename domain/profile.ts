import { z } from 'zod';
import { JurisdictionSchema } from './actors.js';

const isoDate = z.iso.date();
const ratingEnum = z.enum(['outstanding', 'competent', 'basically_competent', 'incompetent']);

/** What the dispatching unit submits about a candidate; the six rules read only this. */
export const CandidateProfileSchema = z.object({
  officialId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
  name: z.string().min(1).max(80),
  email: z.string().email().max(200),
  post: z.enum(['first_secretary', 'team_member']),
  village: JurisdictionSchema.refine(
    (p) => p.split('/').length === 5,
    'a village path: region/city/county/township/village',
  ),
  dispatchingUnit: z.string().min(1).max(120),
  birthDate: isoDate,
  partyMember: z.enum(['full', 'probationary', 'none']),
  underInvestigation: z.boolean(),
  sanctioned: z.boolean(),
  lastRatings: z.array(ratingEnum).max(2),
  lastHealthCheck: z.object({ date: isoDate, fit: z.boolean() }).nullable(),
  workYears: z.number().min(0).max(60),
  formalPost: z.boolean(),
  willingnessSigned: z.boolean(),
});
export type CandidateProfile = z.infer<typeof CandidateProfileSchema>;
