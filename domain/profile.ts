import { z } from 'zod';
import { fitText } from './text-schema.js';

const isoDate = z.iso.date();
const ratingEnum = z.enum(['outstanding', 'competent', 'basically_competent', 'incompetent']);

/** A village: exactly five segments, region/city/county/township/village. */
export const VillagePathSchema = z
  .string()
  .max(200)
  .regex(/^[a-z0-9-]+(\/[a-z0-9-]+){4}$/, 'a village path: region/city/county/township/village');

/** What the dispatching unit submits about a candidate; the six rules read only this. */
export const CandidateProfileSchema = z.object({
  officialId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
  name: fitText({ max: 80, nonBlank: true }),
  // The browser's rule (WHATWG, what <input type=email> accepts): every
  // RFC 5322 dot-atom local part, stated as a pattern in the OpenAPI document.
  email: z
    .email({ pattern: z.regexes.html5Email })
    .max(200)
    .meta({ pattern: z.regexes.html5Email.source }),
  post: z.enum(['first_secretary', 'team_member']),
  village: VillagePathSchema,
  dispatchingUnit: fitText({ max: 120, nonBlank: true }),
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
