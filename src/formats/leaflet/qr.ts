// QR codes as vector SVG, so they print sharp at any size and add no image files.
import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';

// Loaded on first use: a rebuild that prints nothing need not load it.
const require = createRequire(import.meta.url);

/** An SVG QR code for `url`, with a quiet zone of one module and no fixed size (the template sizes it). */
export async function qrSvg(url: string): Promise<string> {
  const QRCode = require('qrcode') as typeof QRCodeModule;
  const svg = await QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 1,
    color: { dark: '#000000', light: '#ffffff' },
  });
  // Drop the width/height the library may write so CSS decides the printed size; keep the viewBox.
  return svg.replace(/<svg([^>]*?)\s(?:width|height)="[^"]*"/g, '<svg$1').replace('<svg ', '<svg aria-hidden="true" ');
}
