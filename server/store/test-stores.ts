/**
 * Stores for the store's tests: in memory or in a folder of the test
 * file's own, each closed after its test, the folder removed after all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { EventStore, type StoreOptions } from './event-store';

export const FRAME = { bootId: 'boot-a', bootWallMs: 1_700_000_000_000 };

export function testStores(prefix: string): { dir: string; open: (over?: Partial<StoreOptions>) => Promise<EventStore> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const opened: EventStore[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    async open(over = {}) {
      const s = await EventStore.open({
        path: ':memory:', retentionSeconds: 86_400, maxMb: 1000, memoryLimitMb: 128, frame: FRAME, ...over,
      });
      opened.push(s);
      return s;
    },
  };
}
