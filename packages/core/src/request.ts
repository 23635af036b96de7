/**
 * What every request's middleware reads from the domain: who is calling, a console address's region and a region's
 * name. Imported as `@riia/core/request` so that a function's start loads these small files alone: a domain
 * namespace from the package index (`export * as`) keeps every export of its file, and with them the mail
 * catalogue and most of the domain. The domains' own namespaces still export all of it.
 */
export * as Principals from "./access/principal";
export * as CycleIds from "./cycle/cycle-id";
export * as RegionNames from "./directory/region-names";
