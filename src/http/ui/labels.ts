/**
 * Nameplate labels: the code in display form and a QR code of its public
 * verification URL (`<base>/r/<code>`), as SVG for print and PNG for systems
 * that want a raster image. Chinese first, English beside it in smaller type:
 * the heading 人形机器人身份码 and the scan line come from the message
 * catalogues. The PNG is drawn with a real CJK font loaded explicitly, so
 * Chinese is never rasterised as empty boxes ("tofu").
 */
import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';
import QRCode from 'qrcode';
import { displayCode } from '../../code/index.ts';
import { translator } from '../../i18n/translator.ts';

/** MAX_SHEET_LABELS caps the labels on one printable sheet. */
export const MAX_SHEET_LABELS = 100;

const LABEL_W = 360;
const LABEL_H = 150;
// The text column right of the QR code, so every font fits it (DejaVu runs wider than Helvetica).
const TEXT_W = LABEL_W - LABEL_H - 12;

/**
 * SANS is the labels' font stack: a CJK face first on every system (Noto Sans CJK and Source
 * Han Sans are the same design; PingFang on Apple systems, Microsoft YaHei on Windows), so
 * the Chinese text is drawn with CJK glyphs and the Latin text beside it matches them.
 */
export const SANS = `'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif`;
/** MONO is the code's font stack: a monospace face whose 0/O and 1/I differ. */
export const MONO = `'DejaVu Sans Mono', Menlo, Consolas, monospace`;

/** CJK_FAMILY is the family the PNG's Chinese is drawn in (Debian's fonts-noto-cjk). */
export const CJK_FAMILY = 'Noto Sans CJK SC';

/**
 * LABEL_FONT_FILES are the fonts the PNG rasteriser loads, from Debian's fonts-noto-cjk and
 * fonts-dejavu-core (.ci/run installs both): the CJK faces for the Chinese and Latin text,
 * DejaVu Sans Mono for the code.
 */
export const LABEL_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
];

/**
 * labelFontOptions are resvg's font options for the given font files: the files that exist
 * are loaded explicitly and the system's fonts are not (what is drawn does not depend on
 * what else is installed); only when no CJK file is there are the system's fonts searched,
 * so a machine with its CJK fonts elsewhere still draws Chinese.
 */
export function labelFontOptions(files: readonly string[] = LABEL_FONT_FILES): NonNullable<ResvgRenderOptions['font']> {
  const present = files.filter((f) => existsSync(f));
  const cjk = present.some((f) => /cjk|sourcehan|source-han/i.test(f));
  return {
    fontFiles: present,
    loadSystemFonts: !cjk,
    defaultFontFamily: CJK_FAMILY,
    sansSerifFamily: CJK_FAMILY,
    monospaceFamily: 'DejaVu Sans Mono',
  };
}

/** rasterise draws an SVG document as a PNG width pixels wide with the given fonts, off the event loop. */
export async function rasterise(svg: string, width: number, font = labelFontOptions()): Promise<Buffer> {
  const image = await renderAsync(svg, { fitTo: { mode: 'width', value: width }, font, languages: ['zh-CN', 'en'] });
  return image.asPng();
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const zh = () => translator('zh-CN');
const en = () => translator('en');

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

/** LabelUnit is what a label shows of a unit: its code and its maker's official (Chinese) name. */
export interface LabelUnit {
  code: string;
  /** maker is the manufacturer's name as public verification shows it; no maker line without it. */
  maker?: string;
}

/** emWidth estimates text's width in em: a CJK or full-width character is 1 em, anything else about 0.6. */
function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6;
  return w;
}

/** fit shortens text with an ellipsis until it fits width at size (a long company name on a small label). */
export function fit(text: string, size: number, width: number): string {
  if (emWidth(text) * size <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && (emWidth(chars.join('')) + 1) * size > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * labelGroup draws one 360×150 label at (x, y): the QR code on the left; right of it the
 * heading 人形机器人身份码 with its English below in small type, the scan line in Chinese with
 * its English below, the code in display form over two lines, the maker's name, and the URL
 * the QR code holds.
 */
async function labelGroup({ code, maker }: LabelUnit, base: string, x: number, y: number): Promise<string> {
  const display = displayCode(code);
  const head = display.slice(0, 14); // CC-EEEE-MMMMMM
  const serial = display.slice(15);
  const url = verificationUrl(base, code);
  const text = (ty: number, size: number, body: string, extra = '') =>
    `<text x="${LABEL_H}" y="${ty}" font-family="${escapeXml(SANS)}" font-size="${size}"${extra}>${escapeXml(body)}</text>`;
  return `<g transform="translate(${x} ${y})">
  <rect x="0.5" y="0.5" width="${LABEL_W - 1}" height="${LABEL_H - 1}" rx="8" fill="#fff" stroke="#000"/>
  ${await qrSvg(url, 12, 12, LABEL_H - 24)}
  ${text(30, 18, zh().t('label.heading'), ' font-weight="700" lang="zh-CN"')}
  ${text(41, 7, en().t('label.heading').toUpperCase(), ' lang="en" letter-spacing="0.3"')}
  ${text(58, 11, zh().t('label.scan'), ' lang="zh-CN"')}
  ${text(68, 6.5, en().t('label.scan'), ' lang="en"')}
  <text x="${LABEL_H}" y="92" font-family="${escapeXml(MONO)}" font-size="17" font-weight="700">${escapeXml(head)}</text>
  <text x="${LABEL_H}" y="112" font-family="${escapeXml(MONO)}" font-size="15" font-weight="700">${escapeXml(serial)}</text>
  ${maker ? text(127, 7.5, fit(zh().t('label.maker', { name: maker }), 7.5, TEXT_W), ' lang="zh-CN"') : ''}
  ${text(140, 6.5, url.length > 72 ? `${url.slice(0, 71)}…` : url, url.length > 44 ? ` textLength="${TEXT_W}" lengthAdjust="spacingAndGlyphs"` : '')}
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

/** labelName is a label's accessible name, Chinese first and English beside it. */
const labelName = (code: string) => {
  const display = displayCode(code);
  return `${zh().t('label.title', { code: display })} · ${en().t('label.title', { code: display })}`;
};

const labelDocument = (
  code: string,
  group: string,
) => `<svg xmlns="http://www.w3.org/2000/svg" width="90mm" height="37.5mm" viewBox="0 0 ${LABEL_W} ${LABEL_H}" role="img" lang="zh-CN" aria-label="${escapeXml(labelName(code))}">
<title>${escapeXml(labelName(code))}</title>
${group}
</svg>`;

/** keyOf is a label's cache key: everything the label shows. */
const keyOf = (u: LabelUnit, base: string) => JSON.stringify([base, u.code, u.maker ?? null]);

/** sheetName is a sheet's accessible name, Chinese first. */
const sheetName = (count: number) => `${zh().t('label.sheet', { count })} · ${en().t('label.sheet', { count })}`;

/**
 * LabelRenderer draws nameplate labels through a bounded cache keyed by code,
 * maker's name and base URL: a label never changes once its code is issued
 * (and should the maker's name ever change, the key changes with it), and
 * drawing the QR code and rasterising the PNG are the expensive parts, so a
 * label asked for again, alone or on a sheet, is not drawn again.
 */
export class LabelRenderer {
  readonly #font: NonNullable<ResvgRenderOptions['font']>;

  /** fontFiles are the fonts the PNG is drawn with (LABEL_FONT_FILES unless given). */
  constructor(opts: { fontFiles?: readonly string[] } = {}) {
    this.#font = labelFontOptions(opts.fontFiles);
  }

  readonly #cache = new LRUCache<string, string | Buffer>({
    maxSize: LABEL_CACHE_BYTES,
    sizeCalculation: (v) => (typeof v === 'string' ? v.length * 2 : v.byteLength) || 1,
  });

  async #group(unit: LabelUnit, base: string, x: number, y: number): Promise<Rendered<string>> {
    const key = `g|${keyOf(unit, base)}`;
    let group = this.#cache.get(key) as string | undefined;
    const rendered = group === undefined ? 1 : 0;
    if (group === undefined) {
      group = await labelGroup(unit, base, 0, 0);
      this.#cache.set(key, group);
    }
    return { body: x === 0 && y === 0 ? group : `<g transform="translate(${x} ${y})">${group}</g>`, rendered };
  }

  /** svg renders one nameplate label as a standalone SVG document. */
  async svg(unit: LabelUnit, base: string): Promise<Rendered<string>> {
    const g = await this.#group(unit, base, 0, 0);
    return { body: labelDocument(unit.code, g.body), rendered: g.rendered };
  }

  /** png renders the whole nameplate label — display code and QR code — as a PNG, from the same SVG. */
  async png(unit: LabelUnit, base: string): Promise<Rendered<Buffer>> {
    const key = `p|${keyOf(unit, base)}`;
    const cached = this.#cache.get(key) as Buffer | undefined;
    if (cached) return { body: cached, rendered: 0 };
    const svg = await this.svg(unit, base);
    const png = await rasterise(svg.body, LABEL_PNG_WIDTH, this.#font);
    this.#cache.set(key, png);
    return { body: png, rendered: 1 };
  }

  /** sheet lays labels out two across on A4-width rows, for printing a production run's nameplates. */
  async sheet(units: readonly LabelUnit[], base: string): Promise<Rendered<string>> {
    const gap = 20;
    const cols = 2;
    const rows = Math.ceil(units.length / cols);
    const width = cols * LABEL_W + (cols + 1) * gap;
    const height = rows * LABEL_H + (rows + 1) * gap;
    const groups = await Promise.all(
      units.map((u, i) => this.#group(u, base, gap + (i % cols) * (LABEL_W + gap), gap + Math.floor(i / cols) * (LABEL_H + gap))),
    );
    return {
      body: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" lang="zh-CN" aria-label="${escapeXml(sheetName(units.length))}">
<title>${escapeXml(sheetName(units.length))}</title>
${groups.map((g) => g.body).join('\n')}
</svg>`,
      rendered: groups.reduce((n, g) => n + g.rendered, 0),
    };
  }
}
