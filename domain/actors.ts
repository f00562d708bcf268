import { z } from 'zod';
import { ROLES, SCREENING_BODIES } from './roles.js';

// The lists live in a zod-free module that workflows import.
export { ROLES, SCREENING_BODIES };
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ScreeningBodySchema = z.enum(SCREENING_BODIES);
export type ScreeningBody = z.infer<typeof ScreeningBodySchema>;

/**
 * Jurisdiction is a path in the tree region/city/county/township/village,
 * e.g. "gx/nanning/wuming/fucheng/village-12". An actor acts inside the
 * subtree of their own path.
 */
export const JurisdictionSchema = z
  .string()
  .min(2)
  .max(200)
  .regex(/^[a-z0-9-]+(\/[a-z0-9-]+){0,4}$/, 'a path like gx/nanning/wuming');
export type Jurisdiction = string;

export const ActorSchema = z.object({
  id: z.string().min(1).max(80),
  name: z.string().min(1).max(80),
  role: RoleSchema,
  jurisdiction: JurisdictionSchema,
  body: ScreeningBodySchema.optional(),
  email: z.string().email().max(200).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

// The jurisdiction helpers live in a zod-free module that workflows import.
export { ancestorAt, countyOf, isWithin, townshipOf } from './jurisdiction.js';
