import type { startUp as en } from '../en/start-up.ts';

/** 启动（src/http/start-up-gate.ts）：服务器打开数据库、准备路由期间，除 /healthz 外的每个请求所得到的问题。 */
export const startUp = {
  'problem.STARTING.title': '登记系统正在启动：数据库打开、路由就绪后即可回答',
  'problem.startUp.starting':
    '登记系统正在启动（打开数据库、执行迁移、准备路由），暂不回答此请求；未作任何更改。请在 {after} 秒后重试；/readyz 会说明何时就绪。',
} as const satisfies Record<keyof typeof en, string>;
