/**
 * Model revisions, usage counters, condition brands, insurers and battery
 * health (issue #15, items 4–7): problem texts, the new events, role, party,
 * market-access reason, brand names and the words pages and the CLI show.
 */
export const condition = {
  'problem.REVISION_NOT_SIGNIFICANT.title': 'The revision changes no parameter the type approval rests on',
  'problem.UNKNOWN_REVISION.title': 'The model has no such revision',
  'problem.REVISION_STATE.title': 'The revision is not in a state that allows this',
  'problem.COUNTER_BACKWARDS.title': 'A usage reading is lower than the last one recorded',
  'problem.UNKNOWN_BRAND.title': 'The condition brand is not one the registry knows',
  'problem.BRAND_NOT_ALLOWED.title': 'The caller may not record this condition brand',
  'problem.BRAND_PERMANENT.title': 'A condition brand is permanent and is never removed',

  'problem.condition.unknownBrand':
    '“{brand}” is not a condition brand; the brands are water_damaged, fire_damaged, major_collision, total_loss and rebuilt.',
  'problem.condition.brandWho':
    'Only {brand, select, total_loss {an insurer of the unit or the regulator} other {the regulator, a granted service shop or an insurer of the unit}} may record {brand}.',
  'problem.condition.notCarried': 'The unit carries no {brand} brand to correct; a correction annotates a recorded brand.',
  'problem.condition.permanent':
    'Condition brands are permanent: {brand} stays on {code}. The regulator may record a correction, which annotates it.',
  'problem.condition.backwards':
    'The reading ({hours} h, {cycles} cycles) is lower than the last one recorded ({lastHours} h, {lastCycles} cycles); usage never goes backwards.',
  'problem.condition.notBattery': '{type} is not a key battery component of this unit.',
  'problem.condition.batteryPart': 'No single installed {type} of {code} matches; name its serial.',
  'problem.condition.noCover': '{insurer} holds no live cover on {code}.',
  'problem.revisions.notSignificant':
    'Nothing the type approval rests on changes (mass, payload, top speed, battery chemistry or capacity, autonomy level, key component types); a minor change files no revision.',
  'problem.revisions.unknown': 'Model {enterprise}{model} has no revision {revision}.',
  'problem.revisions.refused': 'Revision {revision} of model {enterprise}{model} was refused; no unit may be built to it.',
  'problem.revisions.state': 'Revision {revision} is already {status}.',
  'problem.revisions.modelNotApproved': 'A revision changes an approved model; model {enterprise}{model} is {status}.',

  'lifecycle.event.usage_reported': 'Usage reported',
  'lifecycle.event.brand_recorded': 'Condition brand recorded',
  'lifecycle.event.brand_corrected': 'Condition brand annotated by the regulator',
  'lifecycle.event.insurer_named': 'Insurer named',
  'lifecycle.event.insurer_revoked': 'Insurer removed',
  'lifecycle.role.insurer': 'Insurer',
  'lifecycle.party.insurer': 'insurer of the unit',
  'lifecycle.accessReason.REVISION_NOT_APPROVED': 'revision not approved',
  'lifecycle.marketAccess.REVISION_NOT_APPROVED': 'The model revision this robot was built to is not approved.',
  'lifecycle.brand.water_damaged': 'Water damaged',
  'lifecycle.brand.fire_damaged': 'Fire damaged',
  'lifecycle.brand.major_collision': 'Major collision',
  'lifecycle.brand.total_loss': 'Total loss',
  'lifecycle.brand.rebuilt': 'Rebuilt',
  'lifecycle.revisionStatus.filed': 'Filed, awaiting approval',
  'lifecycle.revisionStatus.approved': 'Approved',
  'lifecycle.revisionStatus.refused': 'Refused',

  'condition.brands': 'Condition brands',
  'condition.noBrands': 'No condition brands',
  'condition.brandsNote': 'Brands are permanent: no repair, sale or rebuild removes them.',
  'condition.usage': 'Usage',
  'condition.usageReading': '{hours} operating hours, {cycles} duty cycles (read {at})',
  'condition.noUsage': 'No usage reported',
  'condition.revision': 'Revision',
  'condition.revisions': 'Revisions',
  'condition.revisionChanges': 'Changes',
  'condition.noRevisions': 'No revisions: units are built to the model as approved (revision 1).',
  'condition.battery': 'Battery health',
  'condition.batteryReading': '{soh}% state of health, {cycles} cycles (reported {at})',
  'condition.correction': 'Correction',
} as const;
