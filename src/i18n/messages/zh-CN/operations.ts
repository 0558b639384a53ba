import type { operations as en } from '../en/operations.ts';

/** 运行登记系统（src/config-checks.ts、src/main.ts）：配置为何使服务器在启动时停止。 */
export const operations = {
  'config.stopped': '登记系统无法启动：{reason}',
  'config.integer': '{name} 须为 {min} 至 {max} 之间的整数，实际为“{value}”',
  'config.flag': '{name} 须为 1（开启）或 0（关闭），实际为“{value}”',
  'config.choice': '{name} 须为 {allowed} 之一，实际为“{value}”',
  'config.url': '{name} 须为以 {schemes} 开头的 URL（此处不重复其值，其中可能含有密码）',
  'config.file': '{name} 指向的 {path} 无法读取（{reason}）',
  'config.shortSecret': '{name} 指向的 {path} 首行不足 {min} 个字符',
  'config.origin': '{name} 须为不含空格的可打印字符（检查点中的日志名称），实际为“{value}”',
  'config.cidrs': '{name} 须为逗号分隔的“地址/前缀”范围（10.0.0.0/8、fd00::/8），实际为“{value}”',
  'config.needs': '{name} 需要同时设置 {other}',
  'problem.metrics.token': '/metrics 需要指标访问令牌（HREG_METRICS_TOKEN_FILE 所指文件中的令牌）；未配置令牌时，只接受本机的请求。',
} as const satisfies Record<keyof typeof en, string>;
