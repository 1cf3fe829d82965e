// The files the desk page loads beside it: its stylesheet (in the clinic's colours), its script, the clinic's logo
// and each exercise's picture. Only those: a picture is found by the exercise's slug, never by a path from the
// request, and must be an image inside the project. A drawing (SVG) is sent with a policy that lets it run nothing,
// should anyone open it on its own.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../../articles/local-files.js';
import { mimeType } from '../../render/assets.js';
import { brandColors } from '../../render/colors.js';
import type { DeskCatalogue } from './catalogue.js';
import { DESK_SCRIPT, deskStylesheet } from './style.js';

/** A file to send: its type, its bytes, and how long a browser may keep it. */
export interface DeskAsset {
  type: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/** The kinds of picture the desk sends. */
const PICTURE_TYPES = new Set(['image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** An image sent on its own can do nothing but show itself. */
const IMAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'cache-control': 'private, max-age=300',
};

/** The asset at `name` (relative to the desk page: "desk.css", "logo", "picture/heel-raises"), or undefined. */
export async function deskAsset(catalogue: DeskCatalogue, name: string): Promise<DeskAsset | undefined> {
  if (name === 'desk.css')
    return {
      type: 'text/css; charset=utf-8',
      body: deskStylesheet(brandColors(catalogue.config.clinic.colors)),
      headers: { 'cache-control': 'no-cache' },
    };
  if (name === 'desk.js')
    return { type: 'text/javascript; charset=utf-8', body: DESK_SCRIPT, headers: { 'cache-control': 'no-cache' } };
  // The logo is the one the config names, wherever it is.
  const logo = catalogue.config.logoPath;
  if (name === 'logo') return logo ? imageAsset(logo, path.dirname(logo)) : undefined;
  const slug = /^picture\/([a-z0-9-]+)$/.exec(name)?.[1];
  const article = slug ? catalogue.articles.find((candidate) => candidate.slug === slug) : undefined;
  return article?.image ? imageAsset(article.image, catalogue.config.root) : undefined;
}

/** An image file inside `root`, or undefined when it is not one (or is gone). */
async function imageAsset(file: string | undefined, root: string): Promise<DeskAsset | undefined> {
  const type = file ? mimeType(file) : undefined;
  if (!file || !type || !PICTURE_TYPES.has(type) || !isInside(root, file)) return undefined;
  try {
    return { type, body: await readFile(path.resolve(file)), headers: IMAGE_HEADERS };
  } catch {
    return undefined;
  }
}
