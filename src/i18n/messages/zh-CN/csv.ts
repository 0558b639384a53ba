import type { csv as en } from '../en/csv.ts';

/** 生产批次 CSV 的逐行问题（src/contract/production-run-csv.ts），门户页面与 hreg robots register 显示。 */
export const csv = {
  'csv.columnTwice': '该列出现了两次',
  'csv.unknownColumn': '未知列；应为 model、production_date、firmware 或 {typeSerial} / {typeMaker} / {typeLot}',
  'csv.typeCase': '部件类型“{type}”须为小写下划线形式（lower_snake_case）',
  'csv.requiredMissing': '缺少必需的列',
  'csv.serialColumnMissing': '缺少该列（每种部件类型都须有序列号）',
  'csv.makerColumnMissing': '缺少该列；请添加，或使用 --default-maker 指定',
  'csv.noComponents': '没有部件列；请将每个关键部件声明为 {typeSerial}',
  'csv.unreadable': '文件无法按 CSV 读取：{reason}',
  'csv.empty': '文件为空；须有一行表头和至少一台机器人',
  'csv.noUnits': '表头下没有机器人',
  'csv.fieldCount': '有 {fields} 个字段，表头有 {header} 个',
  'csv.tooLong': '超过 {max} 个字符',
  'csv.emptyCell': '为空',
  'csv.badModel': '“{model}”不是 6 位型号代码（0-9、A-Z）',
  'csv.badDate': '“{date}”不是 2000 至 2099 年间的有效日期（YYYY-MM-DD）',
  'csv.emptySerial': '为空；每个关键部件都须有序列号',
  'csv.emptyMaker': '为空；请填写，或使用 --default-maker 指定',
  'csv.declaredTwice': '{maker} {serial} 已在第 {row} 行声明',
} as const satisfies Record<keyof typeof en, string>;
