/**
 * Nameplate labels (src/http/ui/labels.ts): the heading, the scan line and the
 * labels' accessible names. A label prints the Chinese text first and the
 * English beside it in smaller type.
 */
export const labels = {
  'label.heading': 'Humanoid robot identity code',
  'label.scan': 'Scan to verify · no code, no market access',
  'label.maker': 'Maker: {name}',
  'label.title': 'Nameplate label {code}',
  'label.sheet': '{count, plural, one {# nameplate label} other {# nameplate labels}}',
} as const;
