/** Operating the registry (src/config-checks.ts, src/main.ts): why a configuration stops the server at start. */
export const operations = {
  'config.stopped': 'The registry cannot start: {reason}',
  'config.integer': '{name} must be an integer from {min} to {max}, got "{value}"',
  'config.flag': '{name} must be 1 (on) or 0 (off), got "{value}"',
  'config.choice': '{name} must be one of {allowed}, got "{value}"',
  'config.url': '{name} must be a URL beginning {schemes} (the value is not repeated here; it may hold a password)',
  'config.file': '{name} names {path}, which cannot be read ({reason})',
  'config.shortSecret': '{name} names {path}, whose first line is shorter than {min} characters',
  'config.origin': '{name} must be printable characters without spaces (the log name in checkpoints), got "{value}"',
  'config.cidrs': '{name} must be comma-separated address/prefix ranges (10.0.0.0/8, fd00::/8), got "{value}"',
  'config.needs': '{name} needs {other}',
  'problem.metrics.token':
    '/metrics needs the metrics bearer token (the file HREG_METRICS_TOKEN_FILE names), or, when none is configured, a call from this machine.',
} as const;
