// Brand colours made readable, and QR codes as vector SVG.
import { colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../src/formats/leaflet/qr.js';
import { brandColors, MIN_TEXT_CONTRAST, PANEL_BACKGROUND } from '../../src/render/colors.js';

extend([a11yPlugin]);

describe('brandColors', () => {
  it('keeps a primary colour that is already readable as text', () => {
    const colors = brandColors({ primary: '#0B5394', accent: '#f1c232' });
    expect(colors).toEqual({ primary: '#0b5394', primaryText: '#0b5394', accent: '#f1c232' });
  });

  it('darkens a light primary for text until it reaches 4.5:1 on white and on panels, and says so', () => {
    const colors = brandColors({ primary: '#4fa3e0', accent: '#f1c232' });
    expect(colors.primary).toBe('#4fa3e0');
    expect(colors.primaryText).not.toBe('#4fa3e0');
    expect(colord(colors.primaryText).contrast('#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(colord(colors.primaryText).contrast(PANEL_BACKGROUND)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(colors.adjusted).toMatchObject({ from: '#4fa3e0', to: colors.primaryText });
    expect(colors.adjusted?.contrast).toBeLessThan(MIN_TEXT_CONTRAST);
    // Still recognisably the clinic's blue: the hue barely moves.
    expect(Math.abs(colord(colors.primaryText).hue() - colord('#4fa3e0').hue())).toBeLessThan(5);
  });

  it('makes even white readable, as a dark grey', () => {
    const colors = brandColors({ primary: '#ffffff', accent: '#ffffff' });
    expect(colord(colors.primaryText).contrast('#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });
});

describe('qrSvg', () => {
  it('draws a scalable SVG with a viewBox and no fixed size, hidden from screen readers', async () => {
    const svg = await qrSvg('https://riverside-physio.example/advice/ankle-sprain/');
    expect(svg).toMatch(/^<svg aria-hidden="true" [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<svg[^>]*\s(width|height)=/);
    expect(svg).toContain('<path');
  });

  it('grows with the length of the address', async () => {
    const size = (svg: string): number => Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
    const short = await qrSvg('https://a.example/');
    const long = await qrSvg(`https://riverside-physio.example/advice/${'a-very-long-slug-'.repeat(6)}/`);
    expect(size(long)).toBeGreaterThan(size(short));
  });
});
