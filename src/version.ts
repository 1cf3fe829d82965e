// The tool's name and version, read once from package.json.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

/** The command's name, written into the files it makes ("leaflet 0.1.0"). */
export const TOOL_NAME = 'leaflet';
/** The npm package the command comes in. */
export const TOOL_PACKAGE: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;
