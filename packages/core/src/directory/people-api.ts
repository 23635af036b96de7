/** The People namespace: person records and the region's contact import, as one face. */
export * from "./people";
export { importContacts, type ImportResult } from "./contacts-import";
export { namesOf, forgetNames, NAMES_KEPT_MS, type NamedPerson } from "./people-names";
