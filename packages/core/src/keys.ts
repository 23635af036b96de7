/**
 * Every key in the single table, built in one place. See packages/core/README.md for the access
 * patterns these serve. Keys are deterministic, so re-running any multi-item step rewrites the
 * same items instead of creating new ones.
 */
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
} as const;
