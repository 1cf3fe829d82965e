// The programmatic API: build from a script, and `defineConfig` for typed config files.
export { build, type BuildEvent, type BuildOptions } from './build.js';
export { loadConfig } from './config/load-config.js';
export type { ConfigOverrides } from './config/schema.js';
export { defineConfig, type LeafletConfig, type ResolvedConfig } from './config/schema.js';
export { LeafletError } from './errors.js';
export type { BuildReport } from './outputs/report.js';
