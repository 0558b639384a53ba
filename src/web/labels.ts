/**
 * Nameplate labels: the code in display form and a QR code of its public
 * verification URL (`<base>/r/<code>`), as SVG for print and PNG for systems
 * that want a raster image.
 */
import QRCode from 'qrcode';
import { displayCode } from '../code/index.ts';

/** MAX_SHEET_LABELS caps the labels on one printable sheet. */
export const MAX_SHEET_LABELS = 100;

const LABEL_W = 360;
const LABEL_H = 150;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** verificationUrl is the URL a nameplate's QR code holds. */
export function verificationUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/r/${code}`;
}

// The QR library writes a whole <svg>; it is placed inside the label as a nested viewport.
async function qrSvg(url: string, x: number, y: number, size: number): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  return svg.replace(/^<svg /, `<svg x="${x}" y="${y}" width="${size}" height="${size}" `).replace(/<\?xml[^>]*>/, '');
}

/** labelGroup draws one 360×150 label at (x, y). */
async function labelGroup(code: string, base: string, x: number, y: number): Promise<string> {
  const display = displayCode(code);
  const head = display.slice(0, 14); // CC-EEEE-MMMMMM
  const serial = display.slice(15);
  const url = verificationUrl(base, code);
  return `<g transform="translate(${x} ${y})">
  <rect x="0.5" y="0.5" width="${LABEL_W - 1}" height="${LABEL_H - 1}" rx="8" fill="#fff" stroke="#000"/>
  ${await qrSvg(url, 12, 12, LABEL_H - 24)}
  <text x="${LABEL_H}" y="34" font-family="Helvetica, Arial, sans-serif" font-size="13" font-weight="700">HUMANOID REGISTRY</text>
  <text x="${LABEL_H}" y="52" font-family="Helvetica, Arial, sans-serif" font-size="10">Scan to verify · no code, no market access</text>
  <text x="${LABEL_H}" y="84" font-family="'DejaVu Sans Mono', Menlo, monospace" font-size="17" font-weight="700">${escapeXml(head)}</text>
  <text x="${LABEL_H}" y="106" font-family="'DejaVu Sans Mono', Menlo, monospace" font-size="15" font-weight="700">${escapeXml(serial)}</text>
  <text x="${LABEL_H}" y="132" font-family="Helvetica, Arial, sans-serif" font-size="6.5">${escapeXml(url.length > 64 ? url.slice(0, 63) + '…' : url)}</text>
</g>`;
}

/** labelSvg renders one nameplate label as a standalone SVG document. */
export async function labelSvg(code: string, base: string): Promise<string> {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="90mm" height="37.5mm" viewBox="0 0 ${LABEL_W} ${LABEL_H}" role="img" aria-label="Nameplate label ${escapeXml(displayCode(code))}">
<title>Nameplate ${escapeXml(displayCode(code))}</title>
${await labelGroup(code, base, 0, 0)}
</svg>`;
}

/** labelPng renders the nameplate's QR code (the verification URL) as a PNG. */
export function labelPng(code: string, base: string): Promise<Buffer> {
  return QRCode.toBuffer(verificationUrl(base, code), { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });
}

/** sheetSvg lays labels out two across on A4-width rows, for printing a production run's nameplates. */
export async function sheetSvg(codes: readonly string[], base: string): Promise<string> {
  const gap = 20;
  const cols = 2;
  const rows = Math.ceil(codes.length / cols);
  const width = cols * LABEL_W + (cols + 1) * gap;
  const height = rows * LABEL_H + (rows + 1) * gap;
  const groups = await Promise.all(codes.map((c, i) => labelGroup(c, base, gap + (i % cols) * (LABEL_W + gap), gap + Math.floor(i / cols) * (LABEL_H + gap))));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Sheet of ${codes.length} nameplate labels">
<title>${codes.length} nameplate labels</title>
${groups.join('\n')}
</svg>`;
}
