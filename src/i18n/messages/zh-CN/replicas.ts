import type { replicas as en } from '../en/replicas.ts';

/** 只读副本：主数据库无法连接时，写入和带令牌的读取所得到的问题。 */
export const replicas = {
  'config.replicasNeedPrimary': 'DATABASE_REPLICA_URLS 需要 DATABASE_URL：只读副本跟随一个 PostgreSQL 主库',
  'problem.PRIMARY_UNAVAILABLE.title': '主数据库不可用：登记系统暂时只回答公开查询',
  'problem.replicas.primaryDown':
    '登记系统无法连接其主数据库，暂不接受任何写入，只（从只读副本）回答公开查询；未作任何更改。请稍后重试；在此期间，公开查询请勿携带令牌，即可得到回答。',
} as const satisfies Record<keyof typeof en, string>;
