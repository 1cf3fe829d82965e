// The programmatic API of patient-leaflet: `defineConfig` for typed config files, and `build` for scripts. A config
// file imports this module, so it stays light: the build and everything it needs load only when `build` is called.
import type { BuildEvent, BuildOptions } from './build.js';
import type { BuildReport } from './machinery/report.js';

export { loadConfig } from './config/load-config.js';
export { type ConfigOverrides, defineConfig, type LeafletConfig, type ResolvedConfig } from './config/schema.js';
export { LeafletError } from './errors.js';
export type { BuildEvent, BuildOptions, BuildReport };

/** Build the articles and write out/report.json (see `BuildOptions`). */
export async function build(options: BuildOptions, onEvent?: (event: BuildEvent) => void): Promise<BuildReport> {
  return (await import('./build.js')).build(options, onEvent);
}
