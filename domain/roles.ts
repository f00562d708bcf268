// The roles and screening bodies, free of zod: the workflow bundle imports
// these lists; actors.ts builds its schemas from them.
export const ROLES = [
  'dispatching_unit',
  'county_org',
  'township',
  'official',
  'screening_body',
  'region_admin',
] as const;

/** The screening bodies vetting asks, in the order their requests are filed. */
export const SCREENING_BODIES = ['discipline', 'petition', 'police'] as const;
