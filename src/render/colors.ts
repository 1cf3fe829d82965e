// The clinic's brand colours, made safe to read: text set in the primary colour must reach WCAG's 4.5:1 contrast on
// the white page and on the pale panels behind callouts. A primary that is too light is darkened for text (borders and
// rules keep the clinic's own colour) and the build says so.
import { type Colord, colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';

extend([a11yPlugin]);

/** WCAG 2.2 AA contrast for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5;

/** The pale background of panels (key points, callouts, closing block); templates use the same value. */
export const PANEL_BACKGROUND = '#f3f6f9';

export interface BrandColors {
  /** The clinic's primary colour, for rules, borders and fills. */
  primary: string;
  /** The primary colour, darkened when needed so that text in it is readable on white and on panels. */
  primaryText: string;
  /** The accent colour, for decoration only (never text). */
  accent: string;
  /** Set when the primary colour had to be darkened for text: what was wrong, for a warning. */
  adjusted?: { from: string; to: string; contrast: number };
}

/** Lowest contrast of a colour against every background text is set on. */
function worstContrast(color: Colord): number {
  return Math.min(color.contrast('#ffffff'), color.contrast(PANEL_BACKGROUND));
}

export function brandColors(colors: { primary: string; accent: string }): BrandColors {
  const primary = colord(colors.primary);
  const contrast = worstContrast(primary);
  if (contrast >= MIN_TEXT_CONTRAST)
    return { primary: primary.toHex(), primaryText: primary.toHex(), accent: colord(colors.accent).toHex() };
  // Darken in small steps, keeping the hue, until the text is readable.
  let text = primary;
  for (let amount = 0.02; worstContrast(text) < MIN_TEXT_CONTRAST && amount <= 1; amount += 0.02)
    text = primary.darken(amount);
  return {
    primary: primary.toHex(),
    primaryText: text.toHex(),
    accent: colord(colors.accent).toHex(),
    adjusted: { from: primary.toHex(), to: text.toHex(), contrast: Math.round(contrast * 100) / 100 },
  };
}
