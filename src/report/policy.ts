/** ReportPolicy tunes the flood guard of public reports (docs/api.md, Public reports). */
export interface ReportPolicy {
  /** powBits is the proof-of-work a report must carry: about 2^powBits hashes. */
  powBits: number;
  /** perAddressPerHour is how many reports one network address may file in an hour, about any units. */
  perAddressPerHour: number;
  /** perCodePerHour is how many reports one unit may receive in an hour, from anyone. */
  perCodePerHour: number;
}

/** DEFAULT_REPORT_POLICY: 16 bits of work (a second or two in a phone's browser), 5 reports an hour per address, 20 per unit. */
export const DEFAULT_REPORT_POLICY: ReportPolicy = { powBits: 16, perAddressPerHour: 5, perCodePerHour: 20 };
