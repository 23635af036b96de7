/**
 * Local authority codes as DfE's files give them: the old three-digit LA number beside the nine-character
 * ONS code, and the codes of authorities that were renamed, re-coded, merged or split, so a file using
 * either code (or an older one) finds today's authority, and a row that cannot be carried over says why.
 */

/** Today's ONS code → DfE's three-digit LA number, for the 153 authorities with children's services. */
// prettier-ignore
export const OLD_CODES: Record<string, string> = {
  // North East
  E06000047: "840", E06000005: "841", E08000037: "390", E06000001: "805", E06000002: "806", E08000021: "391",
  E08000022: "392", E06000057: "929", E06000003: "807", E08000023: "393", E06000004: "808", E08000024: "394",
  // North West
  E06000008: "889", E06000009: "890", E08000001: "350", E08000002: "351", E06000049: "895", E06000050: "896",
  E06000063: "942", E06000006: "876", E08000011: "340", E10000017: "888", E08000012: "341", E08000003: "352",
  E08000004: "353", E08000005: "354", E08000006: "355", E08000014: "343", E08000013: "342", E08000007: "356",
  E08000008: "357", E08000009: "358", E06000007: "877", E06000064: "943", E08000010: "359", E08000015: "344",
  // Yorkshire and the Humber
  E08000016: "370", E08000032: "380", E08000033: "381", E08000017: "371", E06000011: "811", E06000010: "810",
  E08000034: "382", E08000035: "383", E06000012: "812", E06000013: "813", E06000065: "815", E08000018: "372",
  E08000019: "373", E08000036: "384", E06000014: "816",
  // East Midlands
  E06000015: "831", E10000007: "830", E06000016: "856", E10000018: "855", E10000019: "925", E06000061: "940",
  E06000018: "892", E10000024: "891", E06000017: "857", E06000062: "941",
  // West Midlands
  E08000025: "330", E08000026: "331", E08000027: "332", E06000019: "884", E08000028: "333", E06000051: "893",
  E08000029: "334", E10000028: "860", E06000021: "861", E06000020: "894", E08000030: "335", E10000031: "937",
  E08000031: "336", E10000034: "885",
  // East of England
  E06000055: "822", E10000003: "873", E06000056: "823", E10000012: "881", E10000015: "919", E06000032: "821",
  E10000020: "926", E06000031: "874", E06000033: "882", E10000029: "935", E06000034: "883",
  // London
  E09000002: "301", E09000003: "302", E09000004: "303", E09000005: "304", E09000006: "305", E09000007: "202",
  E09000001: "201", E09000008: "306", E09000009: "307", E09000010: "308", E09000011: "203", E09000012: "204",
  E09000013: "205", E09000014: "309", E09000015: "310", E09000016: "311", E09000017: "312", E09000018: "313",
  E09000019: "206", E09000020: "207", E09000021: "314", E09000022: "208", E09000023: "209", E09000024: "315",
  E09000025: "316", E09000026: "317", E09000027: "318", E09000028: "210", E09000029: "319", E09000030: "211",
  E09000031: "320", E09000032: "212", E09000033: "213",
  // South East
  E06000036: "867", E06000043: "846", E06000060: "825", E10000011: "845", E10000014: "850", E06000046: "921",
  E10000016: "886", E06000035: "887", E06000042: "826", E10000025: "931", E06000044: "851", E06000038: "870",
  E06000039: "871", E06000045: "852", E10000030: "936", E06000037: "869", E10000032: "938", E06000040: "868",
  E06000041: "872",
  // South West
  E06000022: "800", E06000058: "839", E06000023: "801", E06000052: "908", E10000008: "878", E06000059: "838",
  E10000013: "916", E06000053: "420", E06000024: "802", E06000026: "879", E06000066: "933", E06000025: "803",
  E06000030: "866", E06000027: "880", E06000054: "865",
};

/** Codes no longer in use: `to` when one authority carries straight on under a new code, else why not. */
export const RETIRED: Record<string, { to?: string; why: string }> = {
  E10000002: { to: "E06000060", why: "Buckinghamshire became a unitary authority in April 2020" },
  E10000023: { to: "E06000065", why: "North Yorkshire became a unitary authority in April 2023" },
  E10000027: { to: "E06000066", why: "Somerset became a unitary authority in April 2023" },
  E10000009: { to: "E06000059", why: "Dorset became a unitary authority in April 2019" },
  "835": { to: "E06000059", why: "Dorset became a unitary authority in April 2019" },
  E08000020: { to: "E08000037", why: "Gateshead was re-coded in April 2013" },
  E06000048: { to: "E06000057", why: "Northumberland was re-coded in April 2009" },
  E06000028: { why: "Bournemouth merged into Bournemouth, Christchurch and Poole in April 2019; give that code" },
  "837": { why: "Bournemouth merged into Bournemouth, Christchurch and Poole in April 2019; give that code" },
  E06000029: { why: "Poole merged into Bournemouth, Christchurch and Poole in April 2019; give that code" },
  "836": { why: "Poole merged into Bournemouth, Christchurch and Poole in April 2019; give that code" },
  E10000006: { why: "Cumbria split into Cumberland and Westmorland and Furness in April 2023; give one of theirs" },
  "909": { why: "Cumbria split into Cumberland and Westmorland and Furness in April 2023; give one of theirs" },
  E10000021: {
    why: "Northamptonshire split into North and West Northamptonshire in April 2021; give one of theirs",
  },
  "928": { why: "Northamptonshire split into North and West Northamptonshire in April 2021; give one of theirs" },
};

const BY_OLD = new Map(Object.entries(OLD_CODES).map(([code, old]) => [old, code]));

/**
 * Today's code for a row's new (nine-character) and old (three-digit) codes: `code` when found, else `why`
 * says what to change. The new code wins when both are given and they disagree, which is reported.
 */
export function resolve(newCode: string, oldCode: string): { code?: string; why?: string; note?: string } {
  const n = newCode.trim().toUpperCase();
  const o = oldCode.trim();
  const viaNew = n ? (RETIRED[n]?.to ?? (OLD_CODES[n] ? n : undefined)) : undefined;
  const viaOld = o ? (BY_OLD.get(o) ?? RETIRED[o]?.to) : undefined;
  const retired = (n && RETIRED[n]) || (o && RETIRED[o]) || undefined;
  const code = viaNew ?? (n ? undefined : viaOld);
  if (!code) {
    if (retired) return { why: retired.why };
    if (n) return { why: `no English local authority has the code "${n}"` };
    if (o) return { why: `no English local authority has the old LA code "${o}"` };
    return { why: "give the local authority's new_la_code (E06000015) or old_la_code (831)" };
  }
  if (viaOld && viaNew && viaOld !== viaNew)
    return { why: `new_la_code ${n} and old_la_code ${o} name different local authorities` };
  return { code, note: retired?.to ? `${retired.why}: read as ${code}` : undefined };
}
