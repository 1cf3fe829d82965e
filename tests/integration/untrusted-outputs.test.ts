// What leaflet reads back from an output folder is untrusted: out/ comes back from CI caches and artifacts, where
// anyone who can write to them can change it. A tampered incremental cache or shard report must never make leaflet
// read, copy or delete anything outside the output folder: it is checked, and what fails is ignored with a warning
// (the cache) or refused naming the file (a report, exit 2). Every case is real files on disk, in a "world" folder that
// holds the project and, beside it, files a tampered path could reach; each test asserts that nothing outside the
// output folder changed.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE } from '../../src/machinery/cache.js';
import { tempDir } from '../helpers.js';
import { leaflet, REPO } from './cli.js';

/** A folder holding the fixture project (`project/`) and files beside it (`outside/`) that no build may touch. */
function world(): { root: string; project: string; outside: string } {
  const root = tempDir('leaflet-untrusted-');
  const project = path.join(root, 'project');
  cpSync(path.join(REPO, 'tests', 'fixtures', 'project'), project, { recursive: true });
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(project, 'articles', `${broken}.expect-error.md`));
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'victim.txt'), 'a file beside the project\n');
  writeFileSync(path.join(outside, 'secret.txt'), 'not for the web site\n');
  return { root, project, outside };
}

/** Every file and link under `dir` with a hash of its content (links by their target), leaving out folders `except`. */
function snapshot(dir: string, except: readonly string[] = []): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (except.includes(file)) continue;
      if (entry.isSymbolicLink()) found[path.relative(dir, file)] = `link`;
      else if (entry.isDirectory()) walk(file);
      else found[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  };
  walk(dir);
  return found;
}

/** A stamp of the shape the cache keeps ("size:time:sha256"), for a file that a tampered cache names. */
const STAMP = `1:1:${'0'.repeat(64)}`;

type Json = Record<string, any>;

/** Change the cache of `project`'s out/ with `change`. */
function tamper(project: string, change: (cache: Json) => void): void {
  const file = path.join(project, 'out', CACHE_FILE);
  const cache = JSON.parse(readFileSync(file, 'utf8')) as Json;
  change(cache);
  writeFileSync(file, JSON.stringify(cache));
}

/** An email-and-web build (no browser needed); the cache then records each email's files. */
async function buildSite(
  project: string,
  args: string[] = [],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return leaflet(['build', '-f', 'email,web', ...args], project);
}

/** A project built once, with an article whose outputs the cache says belong to an article that is now gone. */
async function builtWithGoneArticle(outputs: Record<string, string>): Promise<ReturnType<typeof world>> {
  const places = world();
  expect((await buildSite(places.project)).code).toBe(0);
  tamper(places.project, (cache) => {
    cache.outputs['email/gone'] = { key: 'x', inputs: {}, outputs, article: 'articles/gone.md' };
  });
  return places;
}

describe('a tampered incremental cache', () => {
  const deletes = [
    ['the config file', 'leaflet.config.json'],
    ['an article', 'articles/knee-pain.md'],
    ['a file beside the project (../)', '../outside/victim.txt'],
  ] as const;

  it.concurrent.each(deletes)(
    'that names %s as an output of a gone article deletes nothing, and says the cache was not used',
    async (_name, named) => {
      const places = await builtWithGoneArticle({ [named]: STAMP });
      const before = snapshot(places.root, [path.join(places.project, 'out')]);
      const run = await buildSite(places.project);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        `out/${CACHE_FILE}: the incremental cache was not used: it names the output "${named}", ` +
          `which is outside the output folder. Everything is built again`,
      );
      expect(snapshot(places.root, [path.join(places.project, 'out')])).toEqual(before);
    },
  );

  it('that names an absolute path as an output deletes nothing', async () => {
    const places = world();
    const victim = path.join(places.outside, 'victim.txt');
    expect((await buildSite(places.project)).code).toBe(0);
    tamper(places.project, (cache) => {
      cache.outputs['email/gone'] = { key: 'x', inputs: {}, outputs: { [victim]: STAMP }, article: 'articles/gone.md' };
    });
    const before = snapshot(places.root, [path.join(places.project, 'out')]);
    const run = await buildSite(places.project);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`it names the output "${victim}", which is outside the output folder`);
    expect(snapshot(places.root, [path.join(places.project, 'out')])).toEqual(before);
  });

  it('whose printed-leaflet entries climb out of the output folder deletes nothing', async () => {
    const places = world();
    expect((await buildSite(places.project)).code).toBe(0);
    tamper(places.project, (cache) => {
      cache.entries['../../outside/victim.txt'] = {
        key: 'x',
        inputKey: 'y',
        inputs: {},
        pdf: STAMP,
        blocked: [],
        article: 'articles/gone.md',
      };
    });
    const before = snapshot(places.root, [path.join(places.project, 'out')]);
    const run = await buildSite(places.project);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('it names the output "../../outside/victim.txt", which is outside the output folder');
    expect(snapshot(places.root, [path.join(places.project, 'out')])).toEqual(before);
  });

  it('that reaches out through a linked folder inside out/ deletes nothing behind the link', async () => {
    const places = await builtWithGoneArticle({});
    symlinkSync(places.outside, path.join(places.project, 'out', 'old'));
    tamper(places.project, (cache) => {
      cache.outputs['email/gone'].outputs = { 'out/old/victim.txt': STAMP };
    });
    const before = snapshot(places.root, [path.join(places.project, 'out')]);
    const run = await buildSite(places.project);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('it names the output "out/old/victim.txt", which is outside the output folder');
    expect(snapshot(places.root, [path.join(places.project, 'out')])).toEqual(before);
    expect(existsSync(path.join(places.outside, 'victim.txt'))).toBe(true);
  });

  it('that names a file outside the project as an input reads it not, and builds again', async () => {
    const places = world();
    expect((await buildSite(places.project)).code).toBe(0);
    tamper(places.project, (cache) => {
      for (const entry of Object.values(cache.outputs as Record<string, Json>)) entry.inputs['/etc/passwd'] = STAMP;
    });
    const run = await buildSite(places.project, ['--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('it names the input "/etc/passwd", which is outside the project');
    const report = JSON.parse(run.stdout) as Json;
    // Nothing was kept on the cache's word: every email was written again.
    expect(report.totals.email).toMatchObject({ built: 2, unchanged: 0 });
  });

  const damaged = [
    ['is not JSON', '{ "layout": 2, ', 'it is not valid JSON'],
    ['is null', 'null', 'it is not of the shape leaflet writes'],
    ['has entries that are not records', null, 'it is not of the shape leaflet writes (at entries'],
    ['carries a terminal escape in a finding', 'escape', 'it is not of the shape leaflet writes (at checks'],
  ] as const;

  it.concurrent.each(damaged)(
    'that %s is not used: the build warns, builds everything again and writes a good cache',
    async (_name, text, said) => {
      const places = world();
      expect((await buildSite(places.project)).code).toBe(0);
      const file = path.join(places.project, 'out', CACHE_FILE);
      if (text === null)
        tamper(places.project, (cache) => {
          cache.entries = { 'leaflet/knee-pain.pdf': 'a string' };
        });
      else if (text === 'escape')
        tamper(places.project, (cache) => {
          for (const entry of Object.values(cache.checks as Record<string, Json>)) {
            entry.findings.push({
              rule: 'jargon',
              severity: 'warning',
              message: '\u001b]8;;https://example.com\u0007click',
            });
          }
        });
      else writeFileSync(file, text);
      const before = snapshot(places.root, [path.join(places.project, 'out')]);
      const run = await buildSite(places.project, ['--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`out/${CACHE_FILE}: the incremental cache was not used: ${said}`);
      expect(run.stderr).not.toContain('\u001b');
      expect((JSON.parse(run.stdout) as Json).totals.email).toMatchObject({ built: 2, unchanged: 0 });
      expect(snapshot(places.root, [path.join(places.project, 'out')])).toEqual(before);
      // The cache written anew is trusted again.
      const again = await buildSite(places.project, ['--json']);
      expect(again.stderr).not.toContain('incremental cache was not used');
      expect((JSON.parse(again.stdout) as Json).totals.email).toMatchObject({ built: 2, unchanged: 2 });
    },
  );

  it('of another version is set aside without a warning (an upgrade builds everything once)', async () => {
    const places = world();
    expect((await buildSite(places.project)).code).toBe(0);
    tamper(places.project, (cache) => {
      cache.version = '0.0.1';
    });
    const run = await buildSite(places.project, ['--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('incremental cache was not used');
    expect((JSON.parse(run.stdout) as Json).totals.email).toMatchObject({ built: 2, unchanged: 0 });
  });
});

describe('an output folder that links out', () => {
  it('does not publish a "leaflet" that is a link to a file outside the output folder', async () => {
    const places = world();
    mkdirSync(path.join(places.project, 'out', 'leaflet'), { recursive: true });
    symlinkSync(path.join(places.outside, 'secret.txt'), path.join(places.project, 'out', 'leaflet', 'knee-pain.pdf'));
    const run = await leaflet(['build', '-f', 'web'], places.project);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(places.project, 'out', 'web', 'knee-pain', 'index.html'))).toBe(true);
    expect(existsSync(path.join(places.project, 'out', 'web', 'knee-pain', 'knee-pain.pdf'))).toBe(false);
    expect(readFileSync(path.join(places.project, 'out', 'web', 'knee-pain', 'index.html'), 'utf8')).not.toContain(
      'knee-pain.pdf',
    );
  });
});

/** A world whose project was built in two shards (email and web), into out-1/ and out-2/. */
async function shardedWorld(): Promise<ReturnType<typeof world>> {
  const places = world();
  for (const index of [1, 2]) {
    const run = await leaflet(
      ['build', '-f', 'email,web', '--shard', `${index}/2`, '--out', `out-${index}`],
      places.project,
    );
    expect(run.code, run.stderr).toBe(0);
  }
  return places;
}

/** The shards, built once for this file; each test merges a copy of its own. */
let sharded: Promise<ReturnType<typeof world>> | undefined;

async function shards(): Promise<ReturnType<typeof world>> {
  sharded ??= shardedWorld();
  const built = await sharded;
  const root = tempDir('leaflet-untrusted-');
  cpSync(built.root, root, { recursive: true, verbatimSymlinks: true });
  return { root, project: path.join(root, 'project'), outside: path.join(root, 'outside') };
}

/** The first output a shard's report lists files of. */
function builtOutput(report: Json): Json {
  return (report.articles as Json[])
    .flatMap((article) => article.outputs as Json[])
    .find((output) => output.files.length > 0) as Json;
}

/** Change the report of shard `index` with `change` (or replace it with `text`). */
function editReport(project: string, index: number, change: ((report: Json) => unknown) | string): void {
  const file = path.join(project, `out-${index}`, 'report.json');
  if (typeof change === 'string') {
    writeFileSync(file, change);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as Json;
  writeFileSync(file, JSON.stringify(change(report) ?? report));
}

/** Merge `reports` into `out` (default `merged`), and check that the refusal changed nothing at all. */
async function refusedMerge(places: ReturnType<typeof world>, args: string[] = ['out-*/report.json']): Promise<string> {
  const before = snapshot(places.root);
  const run = await leaflet(
    ['merge-reports', ...args, ...(args.includes('--out') ? [] : ['--out', 'merged'])],
    places.project,
  );
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at |TypeError|RangeError|internal error|unexpectedly|Invalid input/);
  expect(snapshot(places.root)).toEqual(before);
  return run.stderr;
}

describe('merge-reports, given a report it cannot trust', () => {
  const broken: [string, ((report: Json) => unknown) | string, string][] = [
    ['is null', 'null', 'out-2/report.json: is not a build report (report.json) that leaflet wrote (at the top'],
    [
      'is not JSON',
      '{"tool": "leaflet"',
      'out-2/report.json: is not a build report (report.json) that leaflet wrote: it is not JSON.',
    ],
    [
      'has no articles',
      (report) => {
        delete report.articles;
      },
      'out-2/report.json: is not a build report (report.json) that leaflet wrote (at articles',
    ],
    [
      'gives its shard as text',
      (report) => {
        report.shard = '2/2';
      },
      'out-2/report.json: is not a build report (report.json) that leaflet wrote (at shard',
    ],
    [
      'claims to be one of 2^40 shards',
      (report) => {
        report.shard = { index: 2, count: 2 ** 40 };
      },
      'out-2/report.json: is of a build split 1099511627776 ways, and out-1/report.json of one split ' +
        '2 ways: give the shards of one build.',
    ],
    [
      'was started "yesterday"',
      (report) => {
        report.startedAt = 'yesterday';
      },
      'out-2/report.json: is not a build report (report.json) that leaflet wrote (at startedAt',
    ],
    [
      'lists /etc/passwd as an output',
      (report) => void builtOutput(report).files.push('/etc/passwd'),
      'out-2/report.json: lists "/etc/passwd", which is not in its output folder (out-2)',
    ],
    [
      'lists an output that climbs out with ..',
      (report) => void builtOutput(report).files.push('out-2/email/../../../outside/victim.txt'),
      'out-2/report.json: lists "out-2/email/../../../outside/victim.txt", which is not in its output folder',
    ],
    [
      'lists its own cache as an output',
      (report) => void builtOutput(report).files.push(`out-2/${CACHE_FILE}`),
      `out-2/report.json: lists "out-2/${CACHE_FILE}", which is not in its output folder`,
    ],
    [
      'lists an output that is not there',
      (report) => void builtOutput(report).files.push('out-2/email/never-built.html'),
      'out-2/report.json: lists "out-2/email/never-built.html", which is not in its folder',
    ],
    [
      'was written by another version',
      (report) => {
        report.version = '0.0.1';
      },
      'out-2/report.json: was written by leaflet 0.0.1, and this is leaflet',
    ],
    [
      'carries a terminal escape in a warning',
      (report) => void report.warnings.push({ file: 'x', message: '\u001b[2J' }),
      'out-2/report.json: is not a build report (report.json) that leaflet wrote (at warnings',
    ],
  ];

  it.concurrent.each(broken)(
    'that %s: refuses it by name (exit 2) before copying anything',
    async (_name, change, said) => {
      const places = await shards();
      editReport(places.project, 2, change);
      expect(await refusedMerge(places)).toContain(said);
      expect(existsSync(path.join(places.project, 'merged'))).toBe(false);
    },
  );

  it('that claims to be shard 1 of 100,000,000: says which shards are missing, at once (exit 2)', async () => {
    const places = await shards();
    editReport(places.project, 1, (report) => {
      report.shard = { index: 1, count: 100_000_000 };
    });
    editReport(places.project, 2, (report) => {
      report.shard = { index: 2, count: 100_000_000 };
    });
    expect(await refusedMerge(places)).toContain(
      'the report of shard 3/100000000, shard 4/100000000, shard 5/100000000, shard 6/100000000, ' +
        'shard 7/100000000 and 99999993 more is missing (2 of 100000000 given)',
    );
  });

  it('that lists an output which is a link out of its folder: refuses it (exit 2)', async () => {
    const places = await shards();
    const link = path.join(places.project, 'out-2', 'email', 'linked.html');
    symlinkSync(path.join(places.outside, 'secret.txt'), link);
    editReport(places.project, 2, (report) => void builtOutput(report).files.push('out-2/email/linked.html'));
    expect(await refusedMerge(places)).toContain(
      'out-2/report.json: lists "out-2/email/linked.html", which leads out of its folder',
    );
  });

  it(
    'saved at the project root (build --json > shard.json): refuses it, and copies nothing of the ' +
      'project (exit 2)',
    async () => {
      const places = await shards();
      cpSync(path.join(places.project, 'out-2', 'report.json'), path.join(places.project, 'shard-2.json'));
      const said = await refusedMerge(places, ['out-1/report.json', 'shard-2.json', '--out', '../merged']);
      expect(said).toContain("shard-2.json: sits in the project folder, not in a shard's output folder");
      expect(existsSync(path.join(places.root, 'merged'))).toBe(false);
    },
  );

  it('into an output folder among the articles: refuses it (exit 2)', async () => {
    const places = await shards();
    expect(await refusedMerge(places, ['out-*/report.json', '--out', 'articles/merged'])).toContain(
      "--out articles/merged is inside the project's sources (articles)",
    );
  });

  it('into the folder that holds the project: refuses it (exit 2)', async () => {
    const places = await shards();
    expect(await refusedMerge(places, ['out-*/report.json', '--out', '..'])).toContain(
      '--out .. is the project folder or holds it',
    );
  });

  it('given the same shard twice: names both reports (exit 2)', async () => {
    const places = await shards();
    editReport(places.project, 2, (report) => {
      report.shard = { index: 1, count: 2 };
    });
    expect(await refusedMerge(places)).toContain(
      "out-2/report.json: is of shard 1/2, as out-1/report.json is: give each shard's report once.",
    );
  });
});

describe('merge-reports, given good reports', () => {
  it("copies only the files the reports list, never the rest of a shard's folder", async () => {
    const places = await shards();
    writeFileSync(path.join(places.project, 'out-1', 'notes.txt'), 'left in the folder by hand\n');
    writeFileSync(path.join(places.project, 'out-1', 'email', 'stray.html'), '<p>not in the report</p>\n');
    const before = snapshot(places.root, [path.join(places.project, 'merged')]);
    const run = await leaflet(['merge-reports', 'out-*/report.json', '--out', 'merged'], places.project);
    expect(run.code, run.stderr).toBe(0);
    const merged = path.join(places.project, 'merged');
    expect(existsSync(path.join(merged, 'notes.txt'))).toBe(false);
    expect(existsSync(path.join(merged, 'email', 'stray.html'))).toBe(false);
    expect(existsSync(path.join(merged, 'email', 'knee-pain.html'))).toBe(true);
    expect(existsSync(path.join(merged, 'web', 'assets', 'style.css'))).toBe(true);
    expect(existsSync(path.join(merged, CACHE_FILE))).toBe(false);
    expect(snapshot(places.root, [merged])).toEqual(before);
  });
});
