// What the signed-in actor may do, for the page: the fact actions of the
// permission table (domain/permissions.ts) their role may take, each with the
// operation that takes it, and the task kinds they may be asked to decide.
// The table decides; this only names the routes.
import type { Actor } from '../domain/actors.js';
import {
  FACT_ACTIONS,
  mayTakeFact,
  mayImportOfficials,
  mayPublishPolicy,
  maySeeOverview,
  roleMayTakeFact,
  taskKindsOfRole,
  type FactAction,
} from '../domain/permissions.js';

/** The operation (OpenAPI operationId, method, path template) that takes each fact action. */
export const FACT_ROUTES: Record<FactAction, { operationId: string; path: string }> = {
  nominateCandidate: { operationId: 'nominateCandidate', path: '/api/nominations' },
  recordCountyTraining: {
    operationId: 'recordTraining',
    path: '/api/officials/{officialId}/trainings',
  },
  recordPreDispatchTraining: {
    operationId: 'recordTraining',
    path: '/api/officials/{officialId}/trainings',
  },
  recordHealthCheck: {
    operationId: 'recordHealthCheck',
    path: '/api/officials/{officialId}/health-checks',
  },
  recordAbsence: { operationId: 'recordAbsence', path: '/api/officials/{officialId}/absences' },
  requestLeave: { operationId: 'requestLeave', path: '/api/officials/{officialId}/leave' },
  reportReturnFromLeave: {
    operationId: 'reportReturnFromLeave',
    path: '/api/officials/{officialId}/leave/return',
  },
  reportAttendance: {
    operationId: 'reportAttendance',
    path: '/api/officials/{officialId}/attendance-reports',
  },
  fileRequest: { operationId: 'fileRequest', path: '/api/officials/{officialId}/requests' },
  requestOwnRecall: {
    operationId: 'requestOwnRecall',
    path: '/api/officials/{officialId}/own-recall',
  },
  recordRecallException: {
    operationId: 'recordRecallException',
    path: '/api/officials/{officialId}/recall-exception',
  },
  retryRecordWrite: {
    operationId: 'retryRecordWrite',
    path: '/api/officials/{officialId}/record/retry',
  },
  signHandoverItem: {
    operationId: 'signHandoverItem',
    path: '/api/cases/{caseId}/handover/{item}/sign',
  },
  voidFact: {
    operationId: 'voidFact',
    path: '/api/officials/{officialId}/corrections',
  },
};

/** The actions of GET /api/me: what the actor's role may take (the place is checked per term). */
export function actionsOf(actor: Actor) {
  return {
    actions: FACT_ACTIONS.filter((action) => roleMayTakeFact(actor.role, action)).map((action) => ({
      action,
      method: 'post' as const,
      ...FACT_ROUTES[action],
    })),
    decides: taskKindsOfRole(actor.role),
    sees: maySeeOverview(actor) ? ['overview' as const] : [],
    publishes: mayPublishPolicy(actor) ? ['policy' as const] : [],
    imports: mayImportOfficials(actor) ? ['officials' as const] : [],
  };
}

/** Fact actions taken on an official's own record (not a nomination, not a case's hand-over). */
const RECORD_ACTIONS = FACT_ACTIONS.filter(
  (action) => action !== 'nominateCandidate' && action !== 'signHandoverItem',
);

/**
 * What the actor may take on one official's record (role, place, or being the
 * official), for the page; the workflow still decides whether the term's
 * stage allows it.
 */
export const actionsOnOfficial = (
  actor: Actor,
  official: { officialId: string; village: string },
): FactAction[] => RECORD_ACTIONS.filter((action) => mayTakeFact(actor, action, official));

/** What the actor may take on a case: sign its hand-over, nominate a successor. */
export function actionsOnCase(
  actor: Actor,
  c: {
    village: string;
    handover?: { outgoingOfficialId: string; incomingOfficialId: string };
  },
): FactAction[] {
  const actions: FactAction[] = [];
  if (mayTakeFact(actor, 'nominateCandidate', { village: c.village }))
    actions.push('nominateCandidate');
  if (c.handover && mayTakeFact(actor, 'signHandoverItem', { handover: c.handover }))
    actions.push('signHandoverItem');
  return actions;
}
