// An exercise's dose in words, for every format's dose box: "Sets 3", "Hold each for 30 seconds", "How often twice a
// day". A therapist's dose for one patient (`leaflet pack --exercise`) is laid over the exercise's own default.
import type { Dose } from '../articles/front-matter.js';

/** One line of the dose box. */
export interface DoseItem {
  label: string;
  value: string;
}

const TIMES_A_DAY = ['', 'once a day', 'twice a day'];
const SIDES = { left: 'left side only', right: 'right side only', both: 'both sides' } as const;

/** The dose box's lines, in the order a patient follows them; empty when the dose says nothing. */
export function doseItems(dose: Dose): DoseItem[] {
  const items: DoseItem[] = [];
  if (dose.sets !== undefined) items.push({ label: 'Sets', value: String(dose.sets) });
  if (dose.reps !== undefined) items.push({ label: 'Repetitions', value: dose.sets === undefined ? String(dose.reps) : `${dose.reps} in each set` });
  if (dose.hold !== undefined) items.push({ label: 'Hold each for', value: duration(dose.hold) });
  if (dose.per_day !== undefined) items.push({ label: 'How often', value: TIMES_A_DAY[dose.per_day] ?? `${dose.per_day} times a day` });
  if (dose.side !== undefined) items.push({ label: 'Side', value: SIDES[dose.side] });
  return items;
}

/** The dose in one line, for contents lists and plain text: "3 sets of 10, hold 30 seconds, twice a day, both sides". */
export function doseSummary(dose: Dose): string {
  const parts: string[] = [];
  if (dose.sets !== undefined && dose.reps !== undefined) parts.push(`${plural(dose.sets, 'set')} of ${dose.reps}`);
  else if (dose.sets !== undefined) parts.push(plural(dose.sets, 'set'));
  else if (dose.reps !== undefined) parts.push(plural(dose.reps, 'repetition'));
  if (dose.hold !== undefined) parts.push(`hold ${duration(dose.hold)}`);
  if (dose.per_day !== undefined) parts.push(TIMES_A_DAY[dose.per_day] ?? `${dose.per_day} times a day`);
  if (dose.side !== undefined) parts.push(SIDES[dose.side]);
  return parts.join(', ');
}

/** Seconds as a patient reads them: "30 seconds", "1 minute", "90 seconds". */
function duration(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
