// Worker threads started before a build knows it needs them (machinery/early-workers.ts): each waits for its
// start values, sent as its first message, and those the build did not take are ended with it. And which thread of the
// pool takes the checks.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksAhead, EarlyWorkers } from '../../src/machinery/early-workers.js';
import { articleWork, type ThreadTable } from '../../src/machinery/threads.js';
import { createRenderContext } from '../../src/render/context.js';
import { TODAY, tempDir, testConfig } from '../helpers.js';

/** A worker as the build's own waits: its first message starts it, and it answers each later one with both. */
function waitingWorker(): string {
  const file = path.join(tempDir(), 'worker.mjs');
  writeFileSync(
    file,
    `import { parentPort, workerData } from 'node:worker_threads';
if ('init' in workerData) throw new Error('an early worker has no start values');
parentPort.once('message', ({ init }) => {
  parentPort.on('message', (task) => parentPort.postMessage({ init, task, ahead: workerData.ahead }));
});
`,
  );
  return file;
}

describe('workers started early', () => {
  it('give out each thread once, which serves after its start values come', async () => {
    const ahead = { checks: true, spelling: 'en-GB' };
    const early = new EarlyWorkers(waitingWorker(), 2, ahead);
    const first = early.take();
    const second = early.take();
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(early.take()).toBeUndefined();
    for (const [index, worker] of [first, second].entries()) {
      worker?.postMessage({ init: { thread: index } });
      worker?.postMessage('check');
      const [answer] = await once(worker as NonNullable<typeof worker>, 'message');
      // Each was told what to load while it waited.
      expect(answer).toEqual({ init: { thread: index }, task: 'check', ahead });
      await worker?.terminate();
    }
    await early.close();
  });

  it('end the threads nobody took, and only those', async () => {
    const early = new EarlyWorkers(waitingWorker(), 3);
    const taken = early.take();
    // close() answers once each thread it ends has exited.
    expect(await early.close()).toHaveLength(2);
    expect(early.take()).toBeUndefined();
    taken?.postMessage({ init: { thread: 0 } });
    taken?.postMessage('still here');
    const [answer] = await once(taken as NonNullable<typeof taken>, 'message');
    expect(answer).toEqual({ init: { thread: 0 }, task: 'still here' });
    expect(answer.ahead).toBeUndefined();
    await taken?.terminate();
  });

  it("are told to load the checks, and the dictionary of the config's language unless the spelling is off", () => {
    expect(checksAhead(testConfig({ defaults: { lang: 'en-US' } }))).toEqual({ checks: true, spelling: 'en-US' });
    expect(checksAhead(testConfig({ check: { rules: { spelling: 'off' } } }))).toEqual({ checks: true });
  });

  it('start none when the compiled worker is not there (run from the sources)', () => {
    const early = new EarlyWorkers(path.join(tempDir(), 'no-such-worker.js'), 2);
    expect(early.take()).toBeUndefined();
  });
});

/** A worker as the pool's own answers tasks: each with the name of the thread that ran it. */
function answeringWorker(): string {
  const file = path.join(tempDir(), 'answering.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (message) => {
  if ('id' in message) parentPort.postMessage({ id: message.id, ok: true, value: 'worker' });
});
`,
  );
  return file;
}

describe('who takes the checks when there are workers', () => {
  const table: ThreadTable = { tasks: { check: { queue: 'check', run: () => 'main' } }, shared: {} };
  const checkedBy = async (checksHere: boolean): Promise<Set<string>> => {
    const ctx = createRenderContext(testConfig(), [], { cwd: tempDir() });
    const init = { config: ctx.config, cwd: tempDir(), strictTemplates: false, today: TODAY, lowPriority: false };
    const work = articleWork({ ctx, articles: 40, threads: 2, init, table, workerFile: answeringWorker(), checksHere });
    try {
      return new Set(await Promise.all(Array.from({ length: 40 }, () => work.run<string>('check', {}))));
    } finally {
      await work.close();
    }
  };

  it('a build leaves them to the workers; leaflet check and report take their share on their own thread too', async () => {
    expect(await checkedBy(false)).toEqual(new Set(['worker']));
    expect(await checkedBy(true)).toEqual(new Set(['worker', 'main']));
  });
});
