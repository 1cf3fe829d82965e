// The one list of output steps, one per format. Typed so that a format without a step does not compile: add a name to
// FORMATS (config/schema.ts) and this file fails until the new format's step is listed here.
import type { Format } from '../config/schema.js';
import { emailStep } from './email/step.js';
import { leafletStep } from './leaflet/step.js';
import { standardPacks } from './pack/build-packs.js';
import type { OutputStep } from './step.js';
import { webStep } from './web/step.js';

/** A step for every format, each under its own format's name. */
export type StepsByFormat = { readonly [F in Format]: OutputStep<unknown, F> };

/** The step of each format. */
export const STEPS = {
  leaflet: leafletStep,
  email: emailStep,
  web: webStep,
} as const satisfies StepsByFormat;

/** What a whole build makes once the format it follows is made: the standard packs, after the leaflets. */
export const WHOLE_BUILD_OUTPUTS = { standardPacks } as const;
