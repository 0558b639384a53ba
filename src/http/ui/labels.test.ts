// Nameplate labels in Chinese (issue #13): the PNG's Chinese text is drawn with a real CJK font,
// checked against committed reference crops, and the check is shown to catch "tofu" (the same
// label drawn with the CJK font withheld). To regenerate the references after a deliberate
// change to the label's look: REGENERATE_LABEL_FIXTURES=1 npx tsx --test src/http/ui/labels.test.ts
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { checkCharacter } from '../../code/index.ts';
import { translator } from '../../i18n/translator.ts';
import { fit, LABEL_FONT_FILES, LABEL_PNG_WIDTH, LabelRenderer, labelFontOptions, rasterise } from './labels.ts';

const BODY = 'CN0A1B00002X2611200000000012';
const CODE = BODY + checkCharacter(BODY);
const BASE = 'https://verify.example.cn';
const UNIT = { code: CODE, maker: '深圳灵犀智能科技股份有限公司' };
const FIXTURES = new URL('../../../test/fixtures/labels/', import.meta.url);
const REGENERATE = process.env.REGENERATE_LABEL_FIXTURES === '1';

/** SCALE is PNG pixels per label unit (the label is 360 units wide). */
const SCALE = LABEL_PNG_WIDTH / 360;

/** Region is a rectangle of the label, in label units. */
interface Region {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

// The Chinese text of the label: the heading 人形机器人身份码 and the scan line 扫码核验 · 无码不得上市.
const HEADING: Region = { name: 'heading-zh', x: 148, y: 11, w: 180, h: 24 };
const SCAN_LINE: Region = { name: 'scan-zh', x: 148, y: 47, w: 140, h: 14 };
// The maker line 制造商：深圳灵犀智能科技股份有限公司.
const MAKER_LINE: Region = { name: 'maker-zh', x: 148, y: 119, w: 150, h: 11 };
const REGIONS = [HEADING, SCAN_LINE, MAKER_LINE];

/** crop cuts region out of a decoded PNG as a new PNG. */
function crop(png: PNG, r: Region): PNG {
  const [x, y, w, h] = [r.x, r.y, r.w, r.h].map((v) => Math.round(v * SCALE)) as [number, number, number, number];
  const out = new PNG({ width: w, height: h });
  PNG.bitblt(png, out, x, y, w, h, 0, 0);
  return out;
}

/** luminance of pixel i (0 black … 255 white), over white where transparent. */
function luminance(png: PNG, i: number): number {
  const d = png.data;
  const a = (d[i * 4 + 3] ?? 0) / 255;
  const l = 0.299 * (d[i * 4] ?? 0) + 0.587 * (d[i * 4 + 1] ?? 0) + 0.114 * (d[i * 4 + 2] ?? 0);
  return l * a + 255 * (1 - a);
}

/** Difference is how far two crops of the same size are apart. */
interface Difference {
  /** changed is the share of pixels whose luminance differs by more than 64. */
  changed: number;
  /** mean is the mean absolute luminance difference, 0..255. */
  mean: number;
}

function difference(a: PNG, b: PNG): Difference {
  assert.deepEqual([a.width, a.height], [b.width, b.height], 'crops of one size');
  const n = a.width * a.height;
  let changed = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(luminance(a, i) - luminance(b, i));
    total += d;
    if (d > 64) changed++;
  }
  return { changed: changed / n, mean: total / n };
}

/** ink is the share of dark pixels (luminance under 128) of a crop. */
function ink(png: PNG): number {
  let dark = 0;
  for (let i = 0; i < png.width * png.height; i++) if (luminance(png, i) < 128) dark++;
  return dark / (png.width * png.height);
}

/** TOLERANCE: a re-render on the same fonts is within it (anti-aliasing may move a little). */
const within = (d: Difference) => d.changed <= 0.01 && d.mean <= 4;

/** reference reads a region's committed reference crop; regenerating, a good render's crop is written first. */
function reference(r: Region, good?: PNG): PNG {
  const file = new URL(`${r.name}.png`, FIXTURES);
  if (REGENERATE && good) writeFileSync(file, PNG.sync.write(good));
  assert.ok(existsSync(file), `reference ${file.pathname} (regenerate with REGENERATE_LABEL_FIXTURES=1)`);
  return PNG.sync.read(readFileSync(file));
}

describe('nameplate label text', () => {
  test('the CJK font files are installed (Debian fonts-noto-cjk, fonts-dejavu-core) and loaded explicitly', () => {
    for (const f of LABEL_FONT_FILES) assert.ok(existsSync(f), `${f} is missing: apt-get install fonts-noto-cjk fonts-dejavu-core`);
    const font = labelFontOptions();
    assert.deepEqual(font.fontFiles, [...LABEL_FONT_FILES]);
    assert.equal(font.loadSystemFonts, false, 'only the named files: the drawing does not depend on what else is installed');
    assert.equal(font.defaultFontFamily, 'Noto Sans CJK SC');
    // Without a CJK file the system's fonts are searched, the next best thing.
    assert.equal(labelFontOptions(['/no/such/font.ttf']).loadSystemFonts, true);
  });

  test('the SVG speaks Chinese first, English beside it, in a CJK font stack, with the texts of the catalogues', async () => {
    const svg = (await new LabelRenderer().svg(UNIT, BASE)).body;
    const zh = translator('zh-CN');
    const en = translator('en');
    assert.ok(svg.includes('>人形机器人身份码</text>'));
    assert.ok(svg.includes(`>${zh.t('label.scan')}</text>`));
    assert.ok(svg.includes(`>${en.t('label.heading').toUpperCase()}</text>`));
    assert.ok(svg.includes(`>${en.t('label.scan')}</text>`));
    assert.ok(svg.indexOf('人形机器人身份码') < svg.indexOf(en.t('label.heading').toUpperCase()), 'Chinese first');
    assert.ok(svg.includes('font-family="&#39;Noto Sans CJK SC&#39;, &#39;Source Han Sans SC&#39;, &#39;PingFang SC&#39;'));
    assert.ok(svg.includes('Microsoft YaHei') && svg.includes('sans-serif'));
    assert.ok(svg.includes('lang="zh-CN"'));
    assert.ok(svg.includes('CN-0A1B-00002X') && svg.includes(BODY.slice(12) + CODE.slice(-1)));
    assert.ok(svg.includes(`<title>${zh.t('label.title', { code: 'CN-0A1B-00002X-' + CODE.slice(12) })}`));
    assert.ok(!svg.includes('HUMANOID REGISTRY'));
  });

  test("the PNG's Chinese heading and scan line match their references: real CJK glyphs, not tofu", async () => {
    const png = PNG.sync.read((await new LabelRenderer().png(UNIT, BASE)).body);
    assert.deepEqual([png.width, png.height], [LABEL_PNG_WIDTH, 450]);
    for (const region of REGIONS) {
      const actual = crop(png, region);
      assert.ok(ink(actual) > 0.05, `${region.name} has text drawn (${ink(actual).toFixed(3)} ink)`);
      const d = difference(actual, reference(region, actual));
      assert.ok(within(d), `${region.name} differs from its reference: ${JSON.stringify(d)}`);
    }
  });

  test('the comparison catches tofu: the same label drawn without the CJK font is far from the references', async () => {
    const svg = (await new LabelRenderer().svg(UNIT, BASE)).body;
    // Only the code's Latin monospace font, and no system fonts: Chinese cannot be drawn.
    const withheld = {
      fontFiles: LABEL_FONT_FILES.filter((f) => !/cjk/i.test(f)),
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans Mono',
    };
    const png = PNG.sync.read(await rasterise(svg, LABEL_PNG_WIDTH, withheld));
    for (const region of REGIONS) {
      const d = difference(crop(png, region), reference(region));
      assert.ok(!within(d), `${region.name} without the CJK font passes for the reference: ${JSON.stringify(d)}`);
    }
  });

  test("the maker's Chinese name is on the label, shortened to fit; a label per maker name in the cache", async () => {
    const labels = new LabelRenderer();
    const svg = await labels.svg(UNIT, BASE);
    assert.ok(svg.body.includes('>制造商：深圳灵犀智能科技股份有限公司</text>'));
    assert.equal(svg.rendered, 1);
    assert.equal((await labels.svg(UNIT, BASE)).rendered, 0);
    // Another name for the same code is another label (the cache key holds everything the label shows).
    const renamed = await labels.svg({ code: CODE, maker: '灵犀智能' }, BASE);
    assert.equal(renamed.rendered, 1);
    assert.ok(renamed.body.includes('>制造商：灵犀智能</text>'));
    const long = '中'.repeat(60);
    const shortened = fit(long, 7.5, 198);
    assert.ok(shortened.endsWith('…') && [...shortened].length < 30, shortened);
    assert.equal(fit('灵犀智能', 7.5, 198), '灵犀智能');
    assert.ok(!(await labels.svg({ code: CODE }, BASE)).body.includes('制造商'), 'no maker line without a name');
  });

  test('text is escaped: a base URL with markup stays text', async () => {
    const svg = (
      await new LabelRenderer().svg({ code: CODE, maker: '<b>"Evil" & Co</b>' }, 'https://x.example/"><script>alert(1)</script>')
    ).body;
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&#60;script&#62;'));
    assert.ok(!svg.includes('<b>') && svg.includes('制造商：&#60;b&#62;&#34;Evil&#34; &#38; Co&#60;/b&#62;'));
  });
});
