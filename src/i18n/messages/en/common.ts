/** Words the whole registry shares: its name, the code's name, languages. */
export const common = {
  'app.name': 'Humanoid Registry',
  'app.nameLong': 'National Humanoid Robot Registry',
  'code.name': 'Humanoid robot identity code',
  'locale.name.zh-CN': '简体中文',
  'locale.name.en': 'English',
  'locale.switch': 'Language',
  'count.robots': '{count, plural, one {# robot} other {# robots}}',
} as const;
