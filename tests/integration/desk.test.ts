// The desk page of `leaflet preview`, driven in a real Chromium as a therapist would use it: search, tick, set a
// dose, type the patient's name and a note, download the pack; then the PDF read back, and the patient's name looked
// for everywhere else.
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { copySamples, filesHolding, pdfInfo, pdfOutline, pdfText, sharedBrowser, startLeaflet } from './cli.js';

const browser = sharedBrowser();

/** POST a form to the preview; resolves with the status and the body. */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the desk page', () => {
  it('makes the pack a therapist ticks, in a real browser, and keeps the patient\'s name out of every other file', async () => {
    const dir = copySamples();
    const tmp = tempDir('leaflet-desk-tmp-');
    const preview = startLeaflet(['preview', '--port', '0'], dir, { TMPDIR: tmp });
    const [, desk = ''] = await preview.waitFor(/Make a pack for a patient: (\S+)/);
    const downloads = tempDir('leaflet-desk-downloads-');

    await browser.withPage(async (page) => {
      const session = await page.createCDPSession();
      await session.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      // As "localhost": the test's Chromium, like the build's, resolves no other name (and maps even addresses).
      await page.goto(desk.replace('127.0.0.1', 'localhost'), { waitUntil: 'load' });
      expect(await page.title()).toBe('Make a pack – Riverside Physiotherapy');
      // The search box narrows the list; what is ticked stays.
      await page.type('#search', 'heel');
      const shown = await page.$$eval('.choice:not([hidden]) label', (labels) => labels.map((label) => label.textContent?.trim()));
      expect(shown).toContain('Plantar fasciitis: what helps');
      expect(shown).toContain('Heel raises');
      expect(shown).not.toContain('Chin tucks');
      await page.click('input[name=item][value=plantar-fasciitis]');
      await page.click('input[name=item][value=heel-raises]');
      await page.click('input[name=item][value=calf-stretch]');
      // The dose fields show once an exercise is ticked.
      await page.type('input[name="dose.heel-raises.reps"]', '12');
      await page.type('input[name="dose.calf-stretch.hold"]', '40');
      await page.type('input[name=patient]', 'Bartholomew Quillfeather');
      await page.type('input[name=therapist]', 'Sam Taylor');
      await page.type('textarea[name=note]', 'Walk on grass, not concrete, this week.');
      await page.click('button[value=download]');
    });

    const file = await waitForFile(downloads, /^pack-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = pdfText(file, { layout: false });
    expect(text).toContain('Bartholomew Quillfeather');
    expect(text).toContain('Walk on grass, not concrete, this week.');
    expect(text).toContain('3 sets of 12, once a day');
    expect(text).toContain('3 sets, hold 40 seconds, twice a day, both sides');
    const pages = Number(pdfInfo(file).Pages);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect((await pdfOutline(file)).filter((title) => !title.startsWith(' '))).toEqual([
      'Advice and exercises from your physiotherapist',
      'Plantar fasciitis: what helps',
      'Calf stretch against a wall',
      'Heel raises',
    ]);

    // Nowhere else: not the project, out/, the cache, the preview's output, or its temporary folder (Chromium's profile
    // included, while it still runs and after).
    expect(filesHolding('Quillfeather', [dir, tmp])).toEqual([]);
    expect(preview.stderr()).not.toContain('Quillfeather');
    await preview.stop();
    expect(filesHolding('Quillfeather', [dir, tmp])).toEqual([]);
    expect(readdirSync(tmp).filter((entry) => statSync(path.join(tmp, entry)).isDirectory())).toEqual([]);
  });

  it('says what to fix, and refuses a form posted from another site', async () => {
    const dir = copySamples();
    const preview = startLeaflet(['preview', '--port', '0'], dir);
    const [, desk = ''] = await preview.waitFor(/Make a pack for a patient: (\S+)/);
    const pack = `${desk}pack`;
    expect(await post(pack, 'patient=Ann')).toMatchObject({ status: 400, body: expect.stringContaining('tick at least one article or exercise') });
    expect(await post(pack, 'item=heel-raises&dose.heel-raises.reps=500')).toMatchObject({ status: 400, body: expect.stringContaining('reps expected at most 100 repetitions') });
    expect((await post(pack, 'item=heel-raises', { origin: 'https://example.org' })).status).toBe(405);
    await preview.stop();
  });

  it('is not served when the preview listens on the network', async () => {
    const dir = copySamples();
    const preview = startLeaflet(['preview', '--port', '0', '--host', '0.0.0.0'], dir);
    const [, url = ''] = await preview.waitFor(/Preview: (\S+)/);
    expect(preview.stderr()).not.toContain('Make a pack');
    expect((await post(`${url}__leaflet/desk/pack`, 'item=heel-raises')).status).toBe(404);
    await preview.stop();
  });
});

/** The path of the first file in `dir` whose name matches, once Chromium has finished writing it. */
async function waitForFile(dir: string, name: RegExp, ms = 30_000): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = readdirSync(dir).find((entry) => name.test(entry));
    if (found && existsSync(path.join(dir, found))) return path.join(dir, found);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no file like ${name} in ${dir}: ${readdirSync(dir).join(', ')}`);
}
