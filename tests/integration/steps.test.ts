// The build walks output steps it knows only through their interface: a toy format, registered beside the real ones,
// is built like them, and reads what the leaflet step hands over. A format without a step does not compile.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildEvent, build } from '../../src/build.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Format } from '../../src/config/schema.js';
import { emailStep } from '../../src/formats/email/step.js';
import { leafletStep, type PrintedLeaflets } from '../../src/formats/leaflet/step.js';
import { STEPS, type StepsByFormat } from '../../src/formats/registry.js';
import type { OutputStep } from '../../src/formats/step.js';
import { articleUrl } from '../../src/render/site.js';
import { copyFixture } from './cli.js';

// @ts-expect-error: a registry without a step for every format does not compile...
const incomplete: StepsByFormat = { leaflet: leafletStep, email: emailStep };
// @ts-expect-error: ...nor one with a step under another format's name.
const misfiled: StepsByFormat = { leaflet: leafletStep, email: emailStep, web: emailStep };
void [incomplete, misfiled];

/** A format leaflet does not have: one short text message per article, linking its page and its printed leaflet. */
const SMS = 'sms' as Format;
const smsStep: OutputStep<void> = {
  format: SMS,
  after: ['leaflet'],
  async run(job, upstream: { leaflet: PrintedLeaflets }) {
    await Promise.all(
      job.articles.map((article) =>
        job.output(article, async () => {
          const file = path.join(job.outDir, 'sms', `${article.slug}.txt`);
          const pdf = upstream.leaflet.pdf(article.slug);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(
            file,
            `${article.title}: ` +
              `${articleUrl(job.ctx.config, article.slug)}${pdf ? ` (leaflet: ${path.basename(pdf)})` : ''}\n`,
          );
          return { files: [file] };
        }),
      ),
    );
  },
  kept: () => undefined,
};

async function project(): Promise<string> {
  const dir = copyFixture();
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  return dir;
}

describe('a format added as one step', () => {
  it("is built for every article, reported like the others, and gets the leaflet step's hand-over", async () => {
    const dir = await project();
    // A leaflet printed by an earlier build: the leaflet step, not run this time, hands over what it kept.
    mkdirSync(path.join(dir, 'out', 'leaflet'), { recursive: true });
    writeFileSync(path.join(dir, 'out', 'leaflet', 'knee-pain.pdf'), "%PDF-1.7 an earlier build's leaflet");
    const events: BuildEvent[] = [];
    const config = await loadConfig(dir, undefined, { formats: [SMS] });
    const found: number[] = [];
    const report = await build(
      {
        config,
        cwd: dir,
        paths: [],
        outDir: 'out',
        steps: { ...STEPS, [SMS]: smsStep },
        onArticles: (count) => found.push(count),
      },
      (event) => events.push(event),
    );

    expect(report.ok).toBe(true);
    expect(report.formats).toEqual(['sms']);
    expect(report.totals[SMS]).toEqual({ built: 2, unchanged: 0, skipped: 1, failed: 0 });
    expect(readFileSync(path.join(dir, 'out', 'sms', 'knee-pain.txt'), 'utf8')).toBe(
      'Knee pain when you run: https://test-valley.example/info/knee-pain/ (leaflet: knee-pain.pdf)\n',
    );
    expect(readFileSync(path.join(dir, 'out', 'sms', 'ankle-sprain.txt'), 'utf8')).toBe(
      'Ankle sprain: https://test-valley.example/info/ankle-sprain/\n',
    );
    expect(
      events
        .filter((event) => event.type === 'output')
        .map((event) => event.type === 'output' && event.files[0])
        .sort(),
    ).toEqual(['out/sms/ankle-sprain.txt', 'out/sms/knee-pain.txt']);
    // The build said how many articles it found before building them (the command sizes its heap by it).
    expect(found).toEqual([2]);
    // Nothing else was built: the leaflet step only handed over.
    expect(report.browserLaunches).toBe(0);
    expect(report.articles.flatMap((article) => article.outputs.map((output) => output.format))).toEqual([SMS, SMS]);
  });

  it('reports a step that fails as a whole as an error of its format, and still builds the others', async () => {
    const dir = await project();
    const broken: OutputStep<void> = {
      ...smsStep,
      after: [],
      run: () => Promise.reject(new Error('the SMS gateway is down')),
    };
    const config = await loadConfig(dir, undefined, { formats: [SMS, 'email'] });
    const report = await build({ config, cwd: dir, paths: [], outDir: 'out', steps: { ...STEPS, [SMS]: broken } });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({
        code: 'INTERNAL',
        file: 'out/sms',
        message: 'sms failed unexpectedly: the SMS gateway is down',
      }),
    ]);
    expect(report.totals.email.built).toBe(2);
  });

  it('is refused before anything is built when the format has no step', async () => {
    const dir = await project();
    const config = await loadConfig(dir, undefined, { formats: [SMS] });
    await expect(build({ config, cwd: dir, paths: [], outDir: 'out' })).rejects.toThrow(
      'no output step for the format "sms"',
    );
  });
});
