// Read a QR code back from a printed page: render it with pdftoppm, decode it with jsQR.
import { execFileSync } from 'node:child_process';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose types declare an ES default export: under Node's ESM the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/** The text of the first QR code found on `page` (1-based) of `pdf`, or undefined when there is none. */
export function qrCodeOnPage(pdf: string, page: number): string | undefined {
  const png = execFileSync('pdftoppm', ['-png', '-r', '110', '-f', String(page), '-l', String(page), pdf]);
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
