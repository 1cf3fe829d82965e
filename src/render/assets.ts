// Images and the logo, as each format needs them: inlined as data: URIs for print, or published
// under content-hashed names for the web (and linked from email by absolute URL).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
}

/** Reads each local image once per build and hands it out in the form a format needs. */
export class AssetRegistry {
  readonly #published = new Map<string, PublishedAsset>();
  readonly #dataUris = new Map<string, string>();

  /** The image as a `data:` URI (for PDFs, which must print without loading anything). */
  dataUri(file: string): string {
    let uri = this.#dataUris.get(file);
    if (!uri) {
      uri = `data:${mimeType(file)};base64,${readFileSync(file).toString('base64')}`;
      this.#dataUris.set(file, uri);
    }
    return uri;
  }

  /** Register the file for publishing; returns its hashed name under `assets/`. */
  publish(file: string): string {
    let asset = this.#published.get(file);
    if (!asset) {
      const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
      const ext = path.extname(file).toLowerCase();
      const base = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'image';
      asset = { source: file, name: `${base}.${hash}${ext}` };
      this.#published.set(file, asset);
    }
    return asset.name;
  }

  /** Every file registered with `publish`, to be copied into `web/assets/`. */
  published(): PublishedAsset[] {
    return [...this.#published.values()];
  }
}
