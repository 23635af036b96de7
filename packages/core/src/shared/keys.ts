/**
 * Every key in the single table, built in one place. See packages/core/README.md for the access
 * patterns these serve. Keys are deterministic, so re-running any multi-item step rewrites the
 * same items instead of creating new ones.
 */
import { subjectHash } from "./allowance";

/** One spelling of an email address, for keys and comparisons. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The hash that names an address in the index of mail held about it (`Keys.heldAbout`), never the address itself. */
export const heldHash = (email: string) => subjectHash("held", normaliseEmail(email));

export const Keys = {
  region: (regionId: string) => ({ pk: `REGION#${regionId}`, sk: "REGION" }),
  /** gsi1: all regions, by name. */
  regionsIndex: () => ({ gsi1pk: "REGIONS" }),

  authority: (code: string) => ({ pk: `AUTH#${code}`, sk: "AUTH" }),
  /** gsi1: authorities of a region, by name. */
  authoritiesOfRegion: (regionId: string) => `REGION#${regionId}#AUTHS`,

  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: "PERSON" }),
  /** gsi1: people of a region; sort key starts with the authority code ("~" for regional roles). */
  peopleOfRegion: (regionId: string) => `REGION#${regionId}#PEOPLE`,

  cycle: (regionId: string, year: number) => ({ pk: `REGION#${regionId}`, sk: `CYCLE#${year}` }),

  submission: (cycleId: string, form: string, authority: string) => ({
    pk: `SUB#${cycleId}#${form}#${authority}`,
    sk: "SUB",
  }),
  submissionVersion: (cycleId: string, form: string, authority: string, version: number) => ({
    pk: `SUB#${cycleId}#${form}#${authority}`,
    sk: `V#${String(version).padStart(6, "0")}`,
  }),
  /** gsi1: submissions of a cycle, by form then authority. */
  submissionsOfCycle: (cycleId: string) => `CYCLE#${cycleId}#SUBS`,

  /** Audit entries of a scope (a cycle or a region), oldest first. */
  auditScope: (scope: string) => `AUDIT#${scope}`,
  /** gsi1: audit entries about one authority, across scopes. */
  auditOfAuthority: (code: string) => `AUDIT#AUTH#${code}`,

  signIn: (nonce: string) => ({ pk: `SIGNIN#${nonce}`, sk: "SIGNIN" }),
  /** A signed-in session, keyed by a hash of the cookie's random id (TTL). */
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: "SESSION" }),
  /** gsi1: one person's live sessions (sign-out everywhere, admin revoke, erasure). */
  sessionsOfPerson: (personId: string) => `PERSON#${personId}#SESSIONS`,
  /** gsi1: quarantined inbound mail for a region ("unknown" when no reply address resolved), newest first. */
  quarantinedOf: (regionId: string) => `INBOUND#QUARANTINE#${regionId}`,
  /** Erasure record for a person: what was removed and when (kept so the audit trail stays explainable). */
  erasure: (personId: string) => ({ pk: `ERASED#${personId}`, sk: "ERASED" }),
  suppressed: (email: string) => ({ pk: `SUPPRESSED#${normaliseEmail(email)}`, sk: "SUPPRESSED" }),

  template: (regionId: string, form: string, version: number) => ({
    pk: `TEMPLATE#${regionId}#${form}`,
    sk: `V#${String(version).padStart(6, "0")}`,
  }),
  templatesOf: (regionId: string, form: string) => `TEMPLATE#${regionId}#${form}`,
  link: (id: string) => ({ pk: `LINK#${id}`, sk: "LINK" }),
  /** How many new links one person has been emailed in the current window (with an expiry, checked on use). */
  newLinkLimit: (personId: string) => ({ pk: `NEWLINK#${personId}`, sk: "LIMIT" }),
  /** One allowance's window (shared/allowance.ts): `subject` is a hash, never a token or an address. */
  allowance: (scope: string, subject: string) => ({ pk: `LIMIT#${scope}#${subject}`, sk: "LIMIT" }),

  phaseEvent: (cycleId: string, step: string, action: "open" | "close") => ({
    pk: `PHASEEV#${cycleId}`,
    sk: `${step}#${action}`,
  }),
  /** A cycle's phase events (retention deletes them with the cycle). */
  phaseEventsOf: (cycleId: string) => `PHASEEV#${cycleId}`,
  task: (cycleId: string, step: string, authority: string) => ({ pk: `TASK#${cycleId}`, sk: `${step}#${authority}` }),
  tasksOfCycle: (cycleId: string) => `TASK#${cycleId}`,

  assignment: (cycleId: string, step: string, reviewee: string, reviewer: string) => ({
    pk: `ASSIGN#${cycleId}#${step}`,
    sk: `${reviewee}#${reviewer}`,
  }),
  assignmentsOfStep: (cycleId: string, step: string) => `ASSIGN#${cycleId}#${step}`,
  /**
   * What the reviewed LAs wrote back about their peer reviews, one partition per cycle: a response to one review
   * (`REPLY#`), the development plan's answers to its recommendations (`PLAN#`), and the scheduled step's record of
   * the steps whose reviews it has announced (`NOTICE#`).
   */
  reviewReply: (cycleId: string, step: string, reviewee: string, reviewer: string) => ({
    pk: `REVIEWS#${cycleId}`,
    sk: `REPLY#${step}#${reviewee}#${reviewer}`,
  }),
  planAnswers: (cycleId: string, reviewee: string) => ({ pk: `REVIEWS#${cycleId}`, sk: `PLAN#${reviewee}` }),
  reviewNotices: (cycleId: string, step: string) => ({ pk: `REVIEWS#${cycleId}`, sk: `NOTICE#${step}` }),
  /** The lead has sent a review step's requests: reviewers waiting for work are asked as it arrives. */
  assignmentsSent: (cycleId: string, step: string) => ({ pk: `REVIEWS#${cycleId}`, sk: `SENT#${step}` }),
  reviewsOfCycle: (cycleId: string) => `REVIEWS#${cycleId}`,

  mail: (id: string) => ({ pk: `MAIL#${id}`, sk: "MAIL" }),
  /** Send budget for one second (TTL). */
  sendRate: (epochSecond: number) => ({ pk: "RATE#mail", sk: String(epochSecond) }),
  replyHandle: (id: string) => ({ pk: `REPLY#${id}`, sk: "REPLY" }),
  inbound: (messageId: string) => ({ pk: `INBOUND#${messageId}`, sk: "MESSAGE" }),
  /**
   * gsi1: the emails sent to one address and the inbound messages from it (`hash` is `heldHash(address)`), so
   * erasure and subject access find a person's mail with one query, never a Scan.
   */
  heldAbout: (hash: string) => `HELD#${hash}`,
  /** An inbound message's entry in `heldAbout` (its sender's), beside its record. */
  inboundSender: (messageId: string) => ({ pk: `INBOUND#${messageId}`, sk: "SENDER" }),
  /**
   * A record's entry in `heldAbout` for a person it names who is not its subject (the lead who asked for an exchange,
   * a case study's contact, the sender an email's reply-to names): the record's own partition, one per address hash.
   */
  namesIn: (pk: string, hash: string) => ({ pk, sk: `NAMES#${hash}` }),
  /** gsi1: one person's form links and reply handles, which erasure revokes. */
  capabilitiesOfPerson: (personId: string) => `PERSON#${personId}#CAPS`,

  need: (cycleId: string, authority: string, theme: string) => ({ pk: `NEED#${cycleId}`, sk: `${authority}#${theme}` }),
  needsOfCycle: (cycleId: string) => `NEED#${cycleId}`,
  offer: (cycleId: string, id: string) => ({ pk: `OFFER#${cycleId}`, sk: id }),
  offersOfCycle: (cycleId: string) => `OFFER#${cycleId}`,
  interest: (cycleId: string, authority: string, offerId: string) => ({
    pk: `INTEREST#${cycleId}`,
    sk: `${authority}#${offerId}`,
  }),
  interestsOfCycle: (cycleId: string) => `INTEREST#${cycleId}`,
  brokerage: (cycleId: string, needId: string) => ({ pk: `BROKER#${cycleId}`, sk: needId }),
  brokeragesOfCycle: (cycleId: string) => `BROKER#${cycleId}`,
  /** A brokered solution's aims, dates and feedback; a region's solutions share one partition (track records). */
  impactSolution: (regionId: string, cycleId: string, needId: string) => ({
    pk: `IMPACT#${regionId}`,
    sk: `${cycleId}#${needId}`,
  }),
  impactOfRegion: (regionId: string) => `IMPACT#${regionId}`,
  /** The plan's collective responses through the year (THEME#…) and its progress reports (REPORT#…). */
  planProgressOf: (cycleId: string) => `PLANPROGRESS#${cycleId}`,
  planProgress: (cycleId: string, theme: string) => ({ pk: `PLANPROGRESS#${cycleId}`, sk: `THEME#${theme}` }),
  planProgressReport: (cycleId: string, version: number) => ({
    pk: `PLANPROGRESS#${cycleId}`,
    sk: `REPORT#${String(version).padStart(4, "0")}`,
  }),
  planDraft: (cycleId: string) => ({ pk: `PLAN#${cycleId}`, sk: "DRAFT" }),
  planVersion: (cycleId: string, version: number) => ({
    pk: `PLAN#${cycleId}`,
    sk: `V#${String(version).padStart(4, "0")}`,
  }),
  plansOfCycle: (cycleId: string) => `PLAN#${cycleId}`,

  // ---- the inter-regional exchange
  /** A request for another region's offer: gsi1 by the asking region, gsi2 by the offering region. */
  exchangeRequest: (id: string) => ({ pk: `XREQ#${id}`, sk: "XREQ" }),
  exchangeRequestsFrom: (regionId: string) => `XREQ#FROM#${regionId}`,
  exchangeRequestsTo: (regionId: string) => `XREQ#TO#${regionId}`,
  /** A published case study (gsi1: the one national library) and a cross-region task-and-finish group (gsi1). */
  caseStudy: (id: string) => ({ pk: `XCASE#${id}`, sk: "XCASE" }),
  caseStudyLibrary: () => "XCASES",
  exchangeGroup: (id: string) => ({ pk: `XGROUP#${id}`, sk: "XGROUP" }),
  exchangeGroups: () => "XGROUPS",
  /** Every review a lead asked of another region's reviewer (gsi1 of their assignment items): one national list. */
  crossRegionReviews: () => "XREVIEWS",

  // ---- quarterly core dataset and concerns
  /** A region's published indicator catalogue, one item per version. */
  datasetCatalogue: (regionId: string, version: number) => ({
    pk: `DSCAT#${regionId}`,
    sk: `V#${String(version).padStart(6, "0")}`,
  }),
  datasetCataloguesOf: (regionId: string) => `DSCAT#${regionId}`,
  /** The lead's unpublished changes to the region's catalogue (outside DSCAT#, so "latest version" never reads it). */
  datasetCatalogueDraft: (regionId: string) => ({ pk: `REGION#${regionId}`, sk: "DATASET#CATALOGUE-DRAFT" }),
  /** A region's early-warning rules, trigger, due weeks and ladder. */
  datasetSettings: (regionId: string) => ({ pk: `REGION#${regionId}`, sk: "DATASET#SETTINGS" }),
  /** One LA's figures for one quarter; a region's quarter is one partition, so reading it costs O(region). */
  datasetValues: (regionId: string, quarter: string, authority: string) => ({
    pk: `DS#${regionId}#${quarter}`,
    sk: authority,
  }),
  datasetQuarterOf: (regionId: string, quarter: string) => `DS#${regionId}#${quarter}`,
  /** The national summary of a quarter (sorted values per indicator, England and region figures). */
  datasetNational: (quarter: string) => ({ pk: `DSNAT#${quarter}`, sk: "SUMMARY" }),
  /** England figures published nationally for a quarter (from imported national rows). */
  datasetPublished: (quarter: string) => ({ pk: `DSNAT#${quarter}`, sk: "PUBLISHED" }),
  /** A region's collection round for a quarter; while something is due: gsi2 `DUE#dataset`. */
  datasetRound: (regionId: string, quarter: string) => ({ pk: `DSROUND#${regionId}`, sk: quarter }),
  datasetRoundsOf: (regionId: string) => `DSROUND#${regionId}`,
  /** The early-warning check of a region's quarter, due when its returns are; while due: gsi2 `DUE#dscheck`. */
  datasetCheck: (regionId: string, quarter: string) => ({ pk: `DSROUND#${regionId}`, sk: `${quarter}#CHECK` }),
  /** A concern about an LA under the MoU; while a response or step is due: gsi2 `DUE#concern`. */
  concern: (regionId: string, id: string) => ({ pk: `CONCERN#${regionId}`, sk: id }),
  concernsOf: (regionId: string) => `CONCERN#${regionId}`,

  /** Scheduler heartbeat; the health check reads its neighbour. */
  tick: () => ({ pk: "SYSTEM", sk: "TICK" }),
  /** Written once a local data folder's seed has finished: later starts seed nothing. */
  seedMarker: () => ({ pk: "SYSTEM", sk: "SEED" }),
  ping: () => ({ pk: "SYSTEM", sk: "PING" }),
  /** A scheduled step's lease: the one run that may act for it until `until` (see workflow/tick-lease.ts). */
  lease: (step: string) => ({ pk: "SYSTEM", sk: `LEASE#${step}` }),
  /**
   * When the retention sweep must next visit an audit scope (and, for a cycle's scope, the cycle): gsi2
   * `DUE#retention` by that date, so the sweep reads only what is due, however much history is kept.
   */
  retentionMarker: (scope: string) => ({ pk: `RETAIN#${scope}`, sk: "RETAIN" }),
  /** The day the retention sweep last finished (it runs once a day, though the tick runs every 15 minutes). */
  retentionRun: () => ({ pk: "SYSTEM", sk: "RETENTION" }),
} as const;
