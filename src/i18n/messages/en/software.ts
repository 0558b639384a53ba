/** Software versions, OTA campaigns and software market access (issue #15, items 1–3): problems, terms, CLI and web texts. */
export const software = {
  'problem.MALFORMED_VERSION.title': 'The software version is not a well-formed version identifier',
  'problem.MALFORMED_DIGEST.title': 'The artefact digest is not a SHA-256 in hexadecimal',
  'problem.SOFTWARE_VERSION_EXISTS.title': 'The model already has this software version filed',
  'problem.UNKNOWN_SOFTWARE_VERSION.title': 'The software version is not filed for the model',
  'problem.SOFTWARE_VERSION_BLOCKED.title': 'The regulator has blocked this software version',
  'problem.BLOCK_STATE.title': 'The software version is already in the state asked for',
  'problem.SOFTWARE_NOT_IN_CAMPAIGN.title': "The update's versions are not the campaign's",
  'problem.SOFTWARE_FROM_MISMATCH.title': "The update's starting version is not the one installed",
  'problem.UNIT_NOT_IN_CAMPAIGN.title': 'The campaign does not reach this robot',
  'problem.CAMPAIGN_NOT_CLEARED.title': 'The campaign may not be reported on units yet',
  'problem.CAMPAIGN_STATE.title': 'The campaign is not in a state that allows this',
  'problem.software.malformedVersion':
    '"{version}" is not a version identifier: after folding width, case and a leading "v", only letters, digits and . _ + - may remain (at most 64).',
  'problem.software.malformedDigest': 'The artefact digest must be a SHA-256: 64 hexadecimal digits.',
  'problem.software.exists': 'Model {model} already has version {version} filed (in this or another spelling).',
  'problem.software.unknown': 'Version {version} is not filed for model {model}.',
  'problem.software.blocked': 'The regulator has blocked version {version}.',
  'problem.software.blockState': 'Version {version} is already {blocked, select, true {blocked} other {unblocked}}.',
  'problem.software.notInCampaign': 'An update from {from} to {to} is not what campaign {campaign} installs.',
  'problem.software.fromMismatch': 'The update starts from {from}, but the robot runs {installed}.',
  'problem.software.unitNotInCampaign': 'Campaign {campaign} does not reach robot {code}.',
  'problem.software.notAcknowledged':
    'Campaign {campaign} is safety-relevant: units may report it once the regulator acknowledges it, or {days} days after it was filed.',
  'problem.software.notStarted': 'Campaign {campaign} starts at {at}; units may not report it before.',
  'problem.software.startPast': 'A campaign is filed before it ships: its planned start may not lie before the filing.',
  'problem.software.fromIsTo': 'Version {version} is the target; it cannot also be a starting version.',
  'problem.software.campaignNotFound': 'No campaign {id}.',
  'problem.software.ackState':
    '{acknowledged, select, true {The campaign is already acknowledged.} other {The campaign is not safety-relevant: it needs no acknowledgement.}}',
  'problem.software.recallCampaign':
    'Campaign {campaign} is not a campaign of enterprise {enterprise}; a recall can only name its own maker’s campaign.',
  'problem.software.recallRemedy': 'A recall remedied by a campaign has the remedy software_update.',
  'lifecycle.event.software_updated': 'Software updated',
  'lifecycle.marketAccess.BLOCKED_SOFTWARE': 'The robot runs a software version the regulator has blocked.',
  'lifecycle.accessReason.BLOCKED_SOFTWARE': 'runs blocked software',
} as const;
