// Images and the logo, as each format needs them: inlined as data: URIs for print, or published under content-hashed
// names for the web (and linked from email by absolute URL). The store only remembers what it has read and converted,
// so that each image is read once a build; which files a step publishes is that step's own list, handed on explicitly.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { imageSize as ImageSize } from 'image-size';

// Loaded on first use (resvg is a native module): a rebuild that renders nothing need not load them.
const require = createRequire(import.meta.url);
const imageSize: typeof ImageSize = (input) =>
  (require('image-size') as { imageSize: typeof ImageSize }).imageSize(input);
const loadResvg = (): typeof ResvgClass => (require('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;

const MIME_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};

/** The MIME type for an image file name, by extension. */
export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** One local file published with the web output. */
export interface PublishedAsset {
  source: string;
  /** File name under `web/assets/`, with a content hash so caches never serve an old image. */
  name: string;
  /** Generated content to write instead of copying `source` (a PNG rendition of an SVG). */
  bytes?: Uint8Array;
}

/** An image as an email shows it: a published file (a PNG for an SVG) and the size to display it at, in CSS pixels. */
export interface EmailImage {
  asset: PublishedAsset;
  width: number;
  height: number;
}

/** Widest image an email shows: the 600px message less its 32px side padding. */
export const EMAIL_CONTENT_WIDTH = 536;

/** Reads each local image once per build and gives it in the form a format needs. */
export class ImageStore {
  readonly #assets = new Map<string, PublishedAsset>();
  readonly #renditions = new Map<string, PublishedAsset>();
  readonly #dataUris = new Map<string, string>();
  readonly #sizes = new Map<string, { width?: number; height?: number }>();

  /** The image as a `data:` URI (for PDFs, which must print without loading anything). */
  dataUri(file: string): string {
    let uri = this.#dataUris.get(file);
    if (!uri) {
      uri = `data:${mimeType(file)};base64,${readFileSync(file).toString('base64')}`;
      this.#dataUris.set(file, uri);
    }
    return uri;
  }

  /** The file as published on the site, under `assets/` with its content hash in the name. */
  asset(file: string): PublishedAsset {
    let asset = this.#assets.get(file);
    if (!asset) {
      const ext = path.extname(file).toLowerCase();
      asset = { source: file, name: `${safeBaseName(file)}.${contentHash(readFileSync(file))}${ext}` };
      this.#assets.set(file, asset);
    }
    return asset;
  }

  /**
   * What the site publishes for the file: the file, and for an SVG its PNG rendition too, because mail clients do not
   * show SVG: the site then holds what emails point to, whichever build wrote them.
   */
  siteAssets(file: string): PublishedAsset[] {
    return path.extname(file).toLowerCase() === '.svg'
      ? [this.asset(file), this.pngRendition(file)]
      : [this.asset(file)];
  }

  /**
   * One of the files the site publishes for `source`, by its name: how a thread finds its own copy of an asset another
   * thread named (a worker hands back names alone, not a PNG's bytes with every email).
   */
  published(source: string, name: string): PublishedAsset | undefined {
    return this.siteAssets(source).find((asset) => asset.name === name);
  }

  /** The image as an email shows it: PNG for SVG, no wider than the email's content, with its display size. */
  emailImage(file: string, maxWidth = EMAIL_CONTENT_WIDTH): EmailImage {
    const asset = path.extname(file).toLowerCase() === '.svg' ? this.pngRendition(file) : this.asset(file);
    const size = this.#sizes.get(file) ?? imageSize(readFileSync(file));
    this.#sizes.set(file, size);
    const natural = { width: size.width ?? maxWidth, height: size.height ?? maxWidth };
    const width = Math.min(maxWidth, natural.width);
    return { asset, width, height: Math.round((natural.height * width) / natural.width) };
  }

  /**
   * A PNG of an SVG at twice its natural size (sharp on high-density screens), capped at twice the email width. Its
   * name is the SVG's content hash; the PNG is drawn when its bytes are first asked for, to be written. A worker thread
   * that only names it in emails never draws it: for an SVG with text, resvg reads every system font first, which took
   * a quarter of a second in each thread of a build on a machine with the Noto fonts.
   */
  pngRendition(file: string): PublishedAsset {
    let asset = this.#renditions.get(file);
    if (!asset) {
      const svg = readFileSync(file);
      let png: Uint8Array | undefined;
      asset = {
        source: file,
        // Named by the SVG's content, so the same SVG gives the same address on every machine.
        name: `${safeBaseName(file)}.${contentHash(svg)}.png`,
        get bytes(): Uint8Array {
          png ??= drawPng(svg);
          return png;
        },
      };
      this.#renditions.set(file, asset);
    }
    return asset;
  }
}

/** The PNG an email shows for an SVG: twice its natural width, at most twice the email's content width. */
function drawPng(svg: Buffer): Uint8Array {
  const { width = EMAIL_CONTENT_WIDTH } = imageSize(svg);
  const Resvg = loadResvg();
  // The system's fonts are read only for an SVG with text in it: reading them took 0.1 s on a machine with the
  // Noto fonts, in each thread, for a logo drawn with paths alone.
  const hasText = /<text\b/i.test(svg.toString('utf8'));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.min(width * 2, EMAIL_CONTENT_WIDTH * 2) },
    font: { loadSystemFonts: hasText },
  });
  return resvg.render().asPng();
}

function contentHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

function safeBaseName(file: string): string {
  return (
    path
      .basename(file, path.extname(file))
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'image'
  );
}
