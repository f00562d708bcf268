import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** The typed refusal (its code and message) of a rejected Update, or of anything else thrown. */
export async function refusalOf(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return {
        code: err.cause.type ?? 'unknown',
        message: err.cause.message,
        details: err.cause.details?.[0],
      };
    }
    return { code: 'error', message: String(err) };
  }
  throw new Error('expected the update to be refused, but it succeeded');
}
