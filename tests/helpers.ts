// Shared test helpers, for both tiers: a resolved config without touching the disk, temp folders, copies of the fixture
// and sample projects, and reading back the files in a folder. Nothing here starts a browser or a process.
import { cpSync, type Dirent, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../src/config/load-config.js';
import type { ResolvedConfig } from '../src/config/schema.js';

/** The repository's own folder. */
export const REPO = fileURLToPath(new URL('../', import.meta.url));

/** The day review dates are checked as of (the hidden flag `--today`), so that no test changes with the clock. */
export const TODAY = '2026-11-25';

/** A validated config from a raw object, as if read from `<cwd>/leaflet.config.json`. */
export function testConfig(raw: object = {}, cwd = os.tmpdir()): ResolvedConfig {
  return resolveConfig(raw, undefined, cwd);
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'leaflet-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh copy of `tests/fixtures/<name>` to build in. */
export function copyFixture(name = 'project'): string {
  const dir = tempDir(`leaflet-${name}-`);
  cpSync(path.join(REPO, 'tests', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/**
 * A copy of the repository's own sample project (config, brand, articles, exercises and packs), as the README's quick
 * start builds; tests about articles alone (newsletters, the site's lists) leave the exercises and packs out.
 */
export function copySamples({ exercises = true }: { exercises?: boolean } = {}): string {
  const dir = tempDir('leaflet-samples-');
  for (const entry of [
    'leaflet.config.yaml',
    'words.txt',
    'brand',
    'articles',
    ...(exercises ? ['exercises', 'packs'] : []),
  ])
    cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

/** A copy of the fixture project with its JSON config changed by `change`. */
export function fixtureWith(change: (config: Record<string, any>) => void = () => {}): string {
  const dir = copyFixture();
  const file = path.join(dir, 'leaflet.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  change(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

/** Every file under `dir`, however deep. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file);
    return entry.isFile() ? [file] : [];
  });
}

/**
 * The files under `dirs` whose bytes hold `text`, as UTF-8 or as UTF-16 (either byte order): where a name was written.
 */
export function filesHolding(text: string, dirs: string[]): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()];
  return dirs.flatMap(filesUnder).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/** Every file under `dir`, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
