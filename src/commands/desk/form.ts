// The desk's form as posted: the articles and exercises ticked, each exercise's dose, who the pack is for, the note.
// What was typed is read here and handed to the pack; no message made here ever repeats it.
import { type Dose, doseSchema } from '../../articles/front-matter.js';
import { issueInWords } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { checkNote } from '../../formats/pack/pack.js';

/** The hidden field of every desk form that carries the token of the therapist's session (or of the preview). */
export const DESK_TOKEN_FIELD = 'token';

/** The dose fields of an exercise on the desk page, in the order shown, with their labels. */
export const DOSE_FIELDS = [
  ['sets', 'Sets'],
  ['reps', 'Repetitions'],
  ['hold', 'Hold (seconds)'],
  ['per_day', 'Times a day'],
] as const;

/** The form as posted: the slugs ticked, each exercise's dose, who it is for, the note. */
export interface DeskRequest {
  slugs: string[];
  doses: Map<string, Dose>;
  patient: string | undefined;
  therapist: string | undefined;
  title: string | undefined;
  note: string | undefined;
  booklet: boolean;
  download: boolean;
}

/** Read the posted form; throws a UsageError saying what to fix. */
export function readDeskForm(form: URLSearchParams): DeskRequest {
  const text = (name: string): string | undefined => form.get(name)?.trim() || undefined;
  const slugs = [...new Set(form.getAll('item').filter((slug) => /^[a-z0-9-]+$/.test(slug)))];
  if (slugs.length === 0) throw new UsageError('tick at least one article or exercise for the pack.');
  const doses = new Map<string, Dose>();
  for (const slug of slugs) {
    const dose = readDose(form, slug);
    if (dose) doses.set(slug, dose);
  }
  const note = text('note');
  checkNote(note, 'the note ("Notes from your physiotherapist")');
  return {
    slugs,
    doses,
    patient: text('patient'),
    therapist: text('therapist'),
    title: text('title'),
    note,
    booklet: form.get('booklet') === '1',
    download: form.get('action') !== 'preview',
  };
}

/** The dose typed for one exercise, or undefined when every box was left empty (the exercise's own dose then). */
function readDose(form: URLSearchParams, slug: string): Dose | undefined {
  const raw: Record<string, string | number> = {};
  for (const key of ['sets', 'reps', 'hold', 'per_day', 'side']) {
    const value = form.get(`dose.${slug}.${key}`)?.trim();
    if (value) raw[key] = key === 'side' ? value : Number(value);
  }
  if (Object.keys(raw).length === 0) return undefined;
  const parsed = doseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `the dose of ${slug}: ${issue ? `${issue.path.join('.')} ${issueInWords(issue)}` : 'is not a dose'}.`,
    );
  }
  return parsed.data;
}
