// Shared test helpers: a resolved config without touching the disk, and temp folders.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../src/config/load-config.js';
import type { ResolvedConfig } from '../src/config/schema.js';

/** A validated config from a raw object, as if read from `<cwd>/leaflet.config.json`. */
export function testConfig(raw: object = {}, cwd = os.tmpdir()): ResolvedConfig {
  return resolveConfig(raw, undefined, cwd);
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'leaflet-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
