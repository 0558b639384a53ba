import type { condition as en } from '../en/condition.ts';

/** 型号修订、使用计数、车况标记（品牌）、保险机构与电池健康（议题 #15，第 4–7 项）。 */
export const condition = {
  'problem.REVISION_NOT_SIGNIFICANT.title': '该修订未改变型式批准所依据的任何参数',
  'problem.UNKNOWN_REVISION.title': '该型号没有此修订',
  'problem.REVISION_STATE.title': '该修订当前状态不允许此操作',
  'problem.COUNTER_BACKWARDS.title': '使用读数低于上次记录的读数',
  'problem.UNKNOWN_BRAND.title': '登记系统不认识该车况标记',
  'problem.BRAND_NOT_ALLOWED.title': '调用方无权记录该车况标记',
  'problem.BRAND_PERMANENT.title': '车况标记是永久的，不能删除',

  'problem.condition.unknownBrand':
    '“{brand}”不是车况标记；车况标记为 water_damaged、fire_damaged、major_collision、total_loss 和 rebuilt。',
  'problem.condition.brandWho':
    '只有{brand, select, total_loss {该机的保险机构或监管部门} other {监管部门、获授权的维修方或该机的保险机构}}可以记录 {brand}。',
  'problem.condition.notCarried': '该机没有可更正的 {brand} 标记；更正只能为已记录的标记加注。',
  'problem.condition.permanent': '车况标记是永久的：{code} 上的 {brand} 将一直保留。监管部门可记录更正，作为加注。',
  'problem.condition.backwards':
    '该读数（{hours} 小时、{cycles} 次循环）低于上次记录的读数（{lastHours} 小时、{lastCycles} 次循环）；使用读数不能倒退。',
  'problem.condition.notBattery': '{type} 不是该机的关键电池部件。',
  'problem.condition.batteryPart': '{code} 中没有唯一匹配的已安装 {type}；请注明其序列号。',
  'problem.condition.noCover': '{insurer} 在 {code} 上没有有效的承保。',
  'problem.revisions.notSignificant':
    '型式批准所依据的参数（质量、负载、最高速度、电池化学体系或容量、自主等级、关键部件类型）均未改变；小改动无需提交修订。',
  'problem.revisions.unknown': '型号 {enterprise}{model} 没有修订 {revision}。',
  'problem.revisions.refused': '型号 {enterprise}{model} 的修订 {revision} 已被驳回，不能按其生产机器人。',
  'problem.revisions.state': '修订 {revision} 已是“{status}”状态。',
  'problem.revisions.modelNotApproved': '修订针对已批准的型号；型号 {enterprise}{model} 当前为 {status}。',

  'lifecycle.event.usage_reported': '报告使用读数',
  'lifecycle.event.brand_recorded': '记录车况标记',
  'lifecycle.event.brand_corrected': '监管部门为车况标记加注',
  'lifecycle.event.insurer_named': '指定保险机构',
  'lifecycle.event.insurer_revoked': '撤销保险机构',
  'lifecycle.role.insurer': '保险机构',
  'lifecycle.party.insurer': '该机的保险机构',
  'lifecycle.accessReason.REVISION_NOT_APPROVED': '型号修订未获批准',
  'lifecycle.marketAccess.REVISION_NOT_APPROVED': '该机器人所依据的型号修订未获批准。',
  'lifecycle.brand.water_damaged': '水浸',
  'lifecycle.brand.fire_damaged': '火损',
  'lifecycle.brand.major_collision': '重大碰撞',
  'lifecycle.brand.total_loss': '全损',
  'lifecycle.brand.rebuilt': '重建',
  'lifecycle.revisionStatus.filed': '已提交，待批准',
  'lifecycle.revisionStatus.approved': '已批准',
  'lifecycle.revisionStatus.refused': '已驳回',

  'condition.brands': '车况标记',
  'condition.noBrands': '无车况标记',
  'condition.brandsNote': '车况标记是永久的：维修、转让或重建都不能去除。',
  'condition.usage': '使用读数',
  'condition.usageReading': '运行 {hours} 小时，工作循环 {cycles} 次（读取于 {at}）',
  'condition.noUsage': '未报告使用读数',
  'condition.revision': '修订',
  'condition.revisions': '修订',
  'condition.revisionChanges': '变更',
  'condition.noRevisions': '无修订：机器人按批准时的型号（修订 1）生产。',
  'condition.battery': '电池健康',
  'condition.batteryReading': '健康度 {soh}%，循环 {cycles} 次（报告于 {at}）',
  'condition.correction': '更正',
} as const satisfies Record<keyof typeof en, string>;
