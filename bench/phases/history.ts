// What a year leaves in Temporal: history length and state transitions per
// workflow, where the events come from and where a workflow task's time goes,
// and the county evaluation rounds' share.
// A CommonJS package: under plain Node ESM (tsx) only its default export is there.
import protos from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { roundWorkflowId } from '../../workflows/messages.js';
import { round, summarize } from '../lib.js';
import type { Region } from '../region.js';

const EventType = protos.temporal.api.enums.v1.EventType;

export interface HistorySize {
  historyLength: number;
  stateTransitionCount: number;
  /** The history's size as the server counts it (payloads included). */
  historySizeBytes: number;
}

export async function historySize(client: Client, workflowId: string): Promise<HistorySize> {
  const description = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId },
  });
  const info = description.workflowExecutionInfo!;
  return {
    historyLength: Number(info.historyLength),
    stateTransitionCount: Number(info.stateTransitionCount),
    historySizeBytes: Number(info.historySizeBytes ?? 0),
  };
}

/** Mean events of each type per workflow, and the mean waits inside a workflow task and an Update. */
export async function historyBreakdown(client: Client, workflowIds: string[]) {
  const eventsByType = new Map<string, number>();
  const queuedMs: number[] = [];
  const runningMs: number[] = [];
  const updateMs: number[] = [];
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    let taskScheduledAt = 0;
    let taskStartedAt = 0;
    const updateAcceptedAt = new Map<string, number>();
    for (const event of history.events ?? []) {
      const name = String(EventType[event.eventType ?? 0] ?? event.eventType).replace(
        'EVENT_TYPE_',
        '',
      );
      eventsByType.set(name, (eventsByType.get(name) ?? 0) + 1 / workflowIds.length);
      const at =
        Number(event.eventTime?.seconds ?? 0) * 1000 +
        Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
      if (name === 'WORKFLOW_TASK_SCHEDULED') taskScheduledAt = at;
      if (name === 'WORKFLOW_TASK_STARTED') {
        taskStartedAt = at;
        if (taskScheduledAt) queuedMs.push(at - taskScheduledAt);
      }
      if (name === 'WORKFLOW_TASK_COMPLETED' && taskStartedAt) runningMs.push(at - taskStartedAt);
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId;
      if (accepted) updateAcceptedAt.set(accepted, at);
      const completed = event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId;
      if (completed && updateAcceptedAt.has(completed))
        updateMs.push(at - updateAcceptedAt.get(completed)!);
    }
  }
  return {
    workflows: workflowIds.length,
    eventsByType: Object.fromEntries(
      [...eventsByType.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([type, mean]) => [type, round(mean)]),
    ),
    workflowTaskQueuedMs: summarize(queuedMs),
    workflowTaskRunningMs: summarize(runningMs),
    updateAcceptedToCompletedMs: summarize(updateMs),
  };
}

/** History events of every county's evaluation rounds (one enrolment signal per official-year) in the given years. */
export async function roundEvents(
  client: Client,
  region: Region,
  years: number[],
): Promise<number> {
  let events = 0;
  for (let county = 0; county < region.counties; county++) {
    for (const year of years) {
      try {
        events += (await historySize(client, roundWorkflowId(region.countyPath(county), year)))
          .historyLength;
      } catch {
        // no round for that county and year
      }
    }
  }
  return events;
}
