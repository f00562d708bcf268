// The API's answers and the domain's enums, as the page sees them: each type
// is inferred from the zod schema the API validates and documents with
// (z.output: what the handler sends; z.input: what a request body may be), so
// a change to the API's shape fails the page's type check (tsconfig.web.json).
// Views use them in JSDoc: `/** @type {import('../types').InboxPage} */`.
import type { z } from 'zod';
import type { CheckReport, Progress, Started } from '../api/routes/imports.js';
import type { IncidentsSchema, ReconcileReportSchema } from '../api/routes/operations.js';
import type { PoliciesSchema, VersionSchema } from '../api/routes/policies.js';
import type { OverviewSchema } from '../api/overview.js';
import type * as Schemas from '../api/schemas.js';
import type {
  MonthCloseRowSchema,
  MonthCloseSchema,
  TaskContextSchema,
  TaskDetailSchema,
} from '../api/task-context-schemas.js';
import type { Actor } from '../domain/actors.js';

export type { Decision, DecisionRule } from '../domain/decisions.js';
export type { Rating } from '../domain/rating.js';
export type {
  CaseGround,
  CaseRecord,
  CaseStatus,
  FactConsequence,
  FactRow,
  HandoverItem,
  HandoverState,
  OfficialSnapshot,
  Stage,
  TaskKind,
  YearObligations,
} from '../domain/records.js';
export type { Role, ScreeningBody } from '../domain/actors.js';
export type { CaseAge } from '../api/overview.js';
export type { ImportColumn } from '../operations/import-file.js';

export type Me = z.output<typeof Schemas.MeView>;
/** A refusal's body, as the error middleware sends it. */
export type ApiErrorBody = z.output<typeof Schemas.ErrorSchema>;
export type Task = z.output<typeof Schemas.TaskSchema>;
export type TaskDetail = z.output<typeof TaskDetailSchema>;
/** A task's `context`, by kind (GET /api/tasks/{taskId}). */
export type TaskContext = z.output<typeof TaskContextSchema>;
export type InboxPage = z.output<typeof Schemas.InboxPage>;
export type DecisionBody = z.input<typeof Schemas.DecisionBody>;
export type DecisionResult = z.output<typeof Schemas.DecisionResultSchema>;
export type NominationBody = z.input<typeof Schemas.NominationBody>;
export type NominationResult = z.output<typeof Schemas.NominationResult>;
export type OfficialsPage = z.output<typeof Schemas.OfficialsPage>;
export type OfficialSummary = z.output<typeof Schemas.OfficialSummary>;
export type OfficialDetail = z.output<typeof Schemas.OfficialDetail>;
export type LogEntry = z.output<typeof Schemas.LogEntrySchema>;
export type Case = z.output<typeof Schemas.CaseSchema>;
export type CasesPage = z.output<typeof Schemas.CasesPage>;
export type CaseStats = z.output<typeof Schemas.CaseStatsSchema>;
export type ChainVerdict = z.output<typeof Schemas.ChainVerdictSchema>;
export type OfficialTasks = z.output<typeof Schemas.OfficialTasksPage>;
export type Mail = z.output<typeof Schemas.MailSchema>;
export type MailPage = z.output<typeof Schemas.MailPage>;
export type MonthClose = z.output<typeof MonthCloseSchema>;
export type MonthCloseRow = z.output<typeof MonthCloseRowSchema>;
export type Overview = z.output<typeof OverviewSchema>;
export type PolicyVersion = z.output<typeof VersionSchema>;
export type PoliciesPage = z.output<typeof PoliciesSchema>;
export type ReconcileReport = z.output<typeof ReconcileReportSchema>;
export type Incidents = z.output<typeof IncidentsSchema>;
export type ImportCheckReport = z.output<typeof CheckReport>;
export type ImportStarted = z.output<typeof Started>;
export type ImportProgress = z.output<typeof Progress>;
/** GET /api/demo/actors (embedded demo only): each actor with a sign-in token. */
export type DemoActor = Actor & { token: string };
