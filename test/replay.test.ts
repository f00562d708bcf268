// Replays every recorded history against today's workflow code. A change that
// would break a running term (non-determinism) fails here, before it ships.
import { readdirSync, readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { sharedBundle } from './support/term-harness.js';

const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.binpb'));

describe('recorded histories', () => {
  it('are there to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of files) {
    it(`replay without non-determinism: ${file}`, async () => {
      const history = temporal.api.history.v1.History.decode(readFileSync(new URL(file, dir)));
      const workflowId = file.replace(/\.binpb$/, '').split('__')[1];
      await expect(
        Worker.runReplayHistory({ workflowBundle: await sharedBundle() }, history, workflowId),
      ).resolves.toBeUndefined();
    });
  }
});
