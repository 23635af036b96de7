import * as z from "../zod";
import { createHash } from "node:crypto";
import { Keys, type Deps, type Item, type Page } from "../shared";

/** Who did something: a person, or the system (scheduled step, import). */
export const Actor = z.object({
  kind: z.enum(["person", "system", "api"]),
  id: z.string(),
  name: z.optional(z.string()),
});
export type Actor = z.infer<typeof Actor>;

export const systemActor = (what: string): Actor => ({ kind: "system", id: what });

/** What a caller says about a change. */
export interface AuditInput {
  scope: string;
  actor: Actor;
  action: string;
  entity: { type: string; id: string; version?: number };
  authority?: string;
  summary: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  at?: string;
}

export interface AuditEntry extends Item, Omit<AuditInput, "at"> {
  kind: "audit";
  id: string;
  at: string;
}

/** Build an audit entry without writing it (to write it in a batch with other items). */
export function entry(deps: Pick<Deps, "clock">, input: AuditInput): AuditEntry {
  const at = input.at ?? deps.clock.now().toISOString();
  const id = createHash("sha256")
    .update(`${input.scope}|${input.entity.type}|${input.entity.id}|${input.entity.version ?? at}|${input.action}`)
    .digest("base64url")
    .slice(0, 16);
  return {
    pk: Keys.auditScope(input.scope),
    sk: `${at}#${id}`,
    ...(input.authority ? { gsi1pk: Keys.auditOfAuthority(input.authority), gsi1sk: `${at}#${id}` } : {}),
    ...input,
    kind: "audit",
    id,
    at,
  };
}

/**
 * Record one state change. The entry's id is derived from the entity, its new version and the
 * action, so writing the same change twice (a re-run after a crash) leaves one entry.
 */
export async function record(deps: Pick<Deps, "store" | "clock">, input: AuditInput): Promise<AuditEntry> {
  const e = entry(deps, input);
  await deps.store.put(e);
  return e;
}

/** Entries for a scope (`cycle:<id>` or `region:<id>`), newest first. */
export function listForScope(
  deps: Pick<Deps, "store">,
  scope: string,
  options: { limit?: number; cursor?: string } = {},
): Promise<Page<AuditEntry>> {
  return deps.store.query<AuditEntry>({
    pk: Keys.auditScope(scope),
    reverse: true,
    limit: options.limit ?? 50,
    cursor: options.cursor,
  });
}

/** Entries about one authority, newest first. */
export function listForAuthority(
  deps: Pick<Deps, "store">,
  code: string,
  options: { limit?: number; cursor?: string } = {},
): Promise<Page<AuditEntry>> {
  return deps.store.query<AuditEntry>({
    index: "gsi1",
    pk: Keys.auditOfAuthority(code),
    reverse: true,
    limit: options.limit ?? 50,
    cursor: options.cursor,
  });
}

export const cycleScope = (cycleId: string) => `cycle:${cycleId}`;
export const regionScope = (regionId: string) => `region:${regionId}`;
