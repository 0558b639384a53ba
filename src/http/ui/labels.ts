/**
 * Nameplate labels: the code in display form and a QR code of its public
 * verification URL (`<base>/r/<code>`), as SVG for print and PNG for systems
 * that want a raster image.
 */
import { Resvg } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';
import QRCode from 'qrcode';
import { displayCode } from '../../code/index.ts';

/** MAX_SHEET_LABELS caps the labels on one printable sheet. */
export const MAX_SHEET_LABELS = 100;

const LABEL_W = 360;
const LABEL_H = 150;
// The text column right of the QR code, so every font fits it (DejaVu runs wider than Helvetica).
const TEXT_W = LABEL_W - LABEL_H - 12;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** verificationUrl is the URL a nameplate's QR code holds. */
export function verificationUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/r/${code}`;
}

// The QR library writes a whole <svg>; it is placed inside the label as a nested viewport.
async function qrSvg(url: string, x: number, y: number, size: number): Promise<string> {
  const svg = await QRCode.toString(url, {
    type: 'svg',
    margin: 0,
    errorCorrectionLevel: 'M',
    color: { dark: '#000000', light: '#ffffff' },
  });
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
  <text x="${LABEL_H}" y="52" font-family="Helvetica, Arial, sans-serif" font-size="10" textLength="${TEXT_W}" lengthAdjust="spacingAndGlyphs">Scan to verify · no code, no market access</text>
  <text x="${LABEL_H}" y="84" font-family="'DejaVu Sans Mono', Menlo, monospace" font-size="17" font-weight="700">${escapeXml(head)}</text>
  <text x="${LABEL_H}" y="106" font-family="'DejaVu Sans Mono', Menlo, monospace" font-size="15" font-weight="700">${escapeXml(serial)}</text>
  <text x="${LABEL_H}" y="132" font-family="Helvetica, Arial, sans-serif" font-size="6.5"${url.length > 44 ? ` textLength="${TEXT_W}" lengthAdjust="spacingAndGlyphs"` : ''}>${escapeXml(url.length > 72 ? url.slice(0, 71) + '…' : url)}</text>
</g>`;
}

/** LABEL_PNG_WIDTH is the PNG label's width in pixels (90 mm at about 300 dpi). */
export const LABEL_PNG_WIDTH = 1080;

/** LABEL_CACHE_BYTES bounds the memory the rendered-label cache holds. */
export const LABEL_CACHE_BYTES = 32 * 1024 * 1024;

/** Rendered is a label document and how many labels had to be drawn for it (0: all from the cache). */
export interface Rendered<T> {
  body: T;
  rendered: number;
}

const labelDocument = (
  code: string,
  group: string,
) => `<svg xmlns="http://www.w3.org/2000/svg" width="90mm" height="37.5mm" viewBox="0 0 ${LABEL_W} ${LABEL_H}" role="img" aria-label="Nameplate label ${escapeXml(displayCode(code))}">
<title>Nameplate ${escapeXml(displayCode(code))}</title>
${group}
</svg>`;

/**
 * LabelRenderer draws nameplate labels through a bounded cache keyed by code
 * and base URL: a label never changes once its code is issued, and drawing
 * the QR code and rasterising the PNG are the expensive parts, so a label
 * asked for again, alone or on a sheet, is not drawn again.
 */
export class LabelRenderer {
  readonly #cache = new LRUCache<string, string | Buffer>({
    maxSize: LABEL_CACHE_BYTES,
    sizeCalculation: (v) => (typeof v === 'string' ? v.length * 2 : v.byteLength) || 1,
  });

  async #group(code: string, base: string, x: number, y: number): Promise<Rendered<string>> {
    const key = `g|${base}|${code}`;
    let group = this.#cache.get(key) as string | undefined;
    const rendered = group === undefined ? 1 : 0;
    if (group === undefined) {
      group = await labelGroup(code, base, 0, 0);
      this.#cache.set(key, group);
    }
    return { body: x === 0 && y === 0 ? group : `<g transform="translate(${x} ${y})">${group}</g>`, rendered };
  }

  /** svg renders one nameplate label as a standalone SVG document. */
  async svg(code: string, base: string): Promise<Rendered<string>> {
    const g = await this.#group(code, base, 0, 0);
    return { body: labelDocument(code, g.body), rendered: g.rendered };
  }

  /** png renders the whole nameplate label — display code and QR code — as a PNG, from the same SVG. */
  async png(code: string, base: string): Promise<Rendered<Buffer>> {
    const key = `p|${base}|${code}`;
    const cached = this.#cache.get(key) as Buffer | undefined;
    if (cached) return { body: cached, rendered: 0 };
    const svg = await this.svg(code, base);
    const resvg = new Resvg(svg.body, {
      fitTo: { mode: 'width', value: LABEL_PNG_WIDTH },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    });
    const png = resvg.render().asPng();
    this.#cache.set(key, png);
    return { body: png, rendered: 1 };
  }

  /** sheet lays labels out two across on A4-width rows, for printing a production run's nameplates. */
  async sheet(codes: readonly string[], base: string): Promise<Rendered<string>> {
    const gap = 20;
    const cols = 2;
    const rows = Math.ceil(codes.length / cols);
    const width = cols * LABEL_W + (cols + 1) * gap;
    const height = rows * LABEL_H + (rows + 1) * gap;
    const groups = await Promise.all(
      codes.map((c, i) => this.#group(c, base, gap + (i % cols) * (LABEL_W + gap), gap + Math.floor(i / cols) * (LABEL_H + gap))),
    );
    return {
      body: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Sheet of ${codes.length} nameplate labels">
<title>${codes.length} nameplate labels</title>
${groups.map((g) => g.body).join('\n')}
</svg>`,
      rendered: groups.reduce((n, g) => n + g.rendered, 0),
    };
  }
}
