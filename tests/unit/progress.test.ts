// What a build says while it runs: a line every few seconds in CI (never a line per file), a live line at a terminal,
// every file with --verbose, nothing but the summary with --quiet; failures as they happen.
import { PassThrough } from 'node:stream';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { BuildProgress, PLAIN_EVERY_MS, type ProgressMode, progressMode } from '../../src/commands/progress.js';
import type { BuildEvent } from '../../src/machinery/report.js';

const colors = pc.createColors(false);

/** A build of `count` articles in email and web, one output every `stepMs` of a clock that the test moves. */
function simulate(
  mode: ProgressMode,
  count: number,
  stepMs: number,
  terminal?: NodeJS.WriteStream,
): { lines: string; progress: BuildProgress } {
  let now = 0;
  let lines = '';
  const progress = new BuildProgress({ mode, write: (text) => (lines += text), colors, terminal, now: () => now });
  progress.event({ type: 'start', articles: count, formats: ['email', 'web'], outputs: { email: count, web: count } });
  const events: BuildEvent[] = [];
  for (let index = 1; index <= count; index += 1) {
    events.push({
      type: 'output',
      file: `articles/a${index}.md`,
      format: 'email',
      files: [`out/email/a${index}.html`],
    });
    events.push({
      type: 'output',
      file: `articles/a${index}.md`,
      format: 'web',
      files: [`out/web/a${index}/index.html`],
    });
  }
  events.splice(11, 1, {
    type: 'failed',
    file: 'articles/a6.md',
    format: 'web',
    error: { code: 'RENDER', message: 'the page could not be made', file: 'articles/a6.md' },
  });
  for (const event of events) {
    now += stepMs;
    progress.event(event);
  }
  return { lines, progress };
}

describe('build progress', () => {
  it('chooses the live line at a terminal, plain lines in CI or a pipe, and obeys --verbose and --quiet', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    expect(progressMode({}, tty, {})).toBe('live');
    expect(
      progressMode({}, Object.assign(new PassThrough(), { isTTY: true, rows: 0 }) as unknown as NodeJS.WriteStream, {}),
    ).toBe('plain');
    expect(progressMode({}, tty, { CI: 'true' })).toBe('plain');
    expect(progressMode({}, undefined, {})).toBe('plain');
    expect(progressMode({ verbose: true }, undefined, {})).toBe('verbose');
    expect(progressMode({ quiet: true }, tty, {})).toBe('quiet');
  });

  it('in CI, says a thousand articles in a few lines, with each failure as it happens', () => {
    const { lines, progress } = simulate('plain', 1000, 5, undefined);
    progress.finish();
    // 2,000 outputs over 10 seconds: a line every 5 seconds, with done of total, time taken and time left.
    expect(PLAIN_EVERY_MS).toBe(5_000);
    expect(lines.split('\n').filter(Boolean)).toEqual([
      'Building 1000 articles (email, web)',
      '  ✗ web     articles/a6.md: the page could not be made',
      '  email 500/1000 · web 500/1000 · 5s, about 5s left',
      '  email 1000/1000 · web 1000/1000 · 10s',
    ]);
  });

  it('says how long is left from how fast it has gone', () => {
    let now = 0;
    const progress = new BuildProgress({ mode: 'plain', write: () => undefined, colors, now: () => now });
    progress.event({ type: 'start', articles: 100, formats: ['leaflet'], outputs: { leaflet: 100 } });
    for (let index = 0; index < 25; index += 1) {
      now += 400;
      progress.event({ type: 'output', file: `a${index}.md`, format: 'leaflet', files: [] });
    }
    progress.finish();
    expect(progress.status()).toBe('leaflet 25/100 · 10s, about 30s left');
  });

  it('says every file with --verbose, and nothing before the summary with --quiet', () => {
    const verbose = simulate('verbose', 3, 5).lines;
    expect(verbose).toContain('  ✓ email   out/email/a1.html\n');
    expect(verbose.split('\n').filter(Boolean)).toHaveLength(1 + 6 + 1);
    expect(simulate('quiet', 3, 5).lines).toBe('');
  });

  it('draws one line at a terminal, in place, and takes it away at the end', async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 100,
      rows: 40,
    }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (tty as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    let now = 0;
    const progress = new BuildProgress({
      mode: 'live',
      write: (text) => tty.write(text),
      colors,
      terminal: tty,
      now: () => now,
    });
    await progress.ready;
    progress.event({ type: 'start', articles: 2, formats: ['email'], outputs: { email: 2 } });
    now += 1000;
    progress.event({ type: 'output', file: 'a.md', format: 'email', files: ['out/email/a.html'] });
    progress.finish();
    expect(drawn).toContain('Building 2 articles (email)');
    expect(drawn).toContain('email 1/2 · 1s');
    expect(drawn).not.toContain('out/email/a.html');
    // The line is erased (cursor to the start of the line, line cleared) before the summary comes.
    expect(drawn).toMatch(/\u001b\[2K/);
  });
});
