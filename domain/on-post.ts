// What the region's file says of an official already on post when the system
// is adopted. Zod-free: the workflow imports it; the file's row schema is in
// operations/import-file.ts.

export interface OnPostFacts {
  /** The day of dispatch, as an instant (Shanghai midnight). */
  dispatchedAt: number;
  /** County-level trainings done this term year, as instants. */
  trainingsThisYear: number[];
  /** This term year's health check, if done. */
  healthCheck?: { at: number; fit: boolean };
  /** Where the facts come from: file and line, kept in the log entry. */
  source: string;
}
