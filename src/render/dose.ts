// An exercise's dose in words, for every format's dose box: "Sets 3", "Hold each for 30 seconds", "How often twice a
// day", in the article's language. A therapist's dose for one patient (`leaflet pack --exercise`) is laid over the
// exercise's own default.
import type { Dose } from '../articles/front-matter.js';
import { joinList, type Say } from './messages.js';

/** One line of the dose box. */
export interface DoseItem {
  label: string;
  value: string;
}

/** The dose box's lines, in the order a patient follows them; empty when the dose says nothing. */
export function doseItems(dose: Dose, say: Say): DoseItem[] {
  const items: DoseItem[] = [];
  if (dose.sets !== undefined) items.push({ label: say('dose.sets'), value: String(dose.sets) });
  if (dose.reps !== undefined)
    items.push({
      label: say('dose.reps'),
      value: dose.sets === undefined ? String(dose.reps) : say('dose.repsInSet', { reps: dose.reps }),
    });
  if (dose.hold !== undefined) items.push({ label: say('dose.hold'), value: duration(dose.hold, say) });
  if (dose.per_day !== undefined)
    items.push({ label: say('dose.howOften'), value: say('dose.perDay', { count: dose.per_day }) });
  if (dose.side !== undefined) items.push({ label: say('dose.side'), value: say(`dose.side.${dose.side}`) });
  return items;
}

/**
 * The dose in one line, for contents lists and plain text: "3 sets of 10, hold 30 seconds, twice a day, both sides".
 */
export function doseSummary(dose: Dose, say: Say, lang: string): string {
  const parts: string[] = [];
  if (dose.sets !== undefined && dose.reps !== undefined)
    parts.push(say('dose.summary.setsOfReps', { sets: dose.sets, reps: dose.reps }));
  else if (dose.sets !== undefined) parts.push(say('dose.summary.sets', { sets: dose.sets }));
  else if (dose.reps !== undefined) parts.push(say('dose.summary.reps', { reps: dose.reps }));
  if (dose.hold !== undefined) parts.push(say('dose.summary.hold', { duration: duration(dose.hold, say) }));
  if (dose.per_day !== undefined) parts.push(say('dose.perDay', { count: dose.per_day }));
  if (dose.side !== undefined) parts.push(say(`dose.side.${dose.side}`));
  return joinList(parts, lang);
}

/** Seconds as a patient reads them: "30 seconds", "1 minute", "90 seconds". */
function duration(seconds: number, say: Say): string {
  return seconds >= 60 && seconds % 60 === 0
    ? say('dose.minutes', { count: seconds / 60 })
    : say('dose.seconds', { count: seconds });
}
