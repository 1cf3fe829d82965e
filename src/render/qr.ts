// QR codes as vector SVG, so they print sharp at any size and add no image files.
import QRCode from 'qrcode';

/** An SVG QR code for `url`, with a quiet zone of one module and no fixed size (the template sizes it). */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#000000', light: '#ffffff' } });
  // Drop the width/height the library may write so CSS decides the printed size; keep the viewBox.
  return svg.replace(/<svg([^>]*?)\s(?:width|height)="[^"]*"/g, '<svg$1').replace('<svg ', '<svg aria-hidden="true" ');
}
