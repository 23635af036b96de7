/** A region's contacts from CSV: every row checked first, then created or updated idempotently, each change audited. */
import { Audit } from "../audit";
import { ConflictError, parseCsv, ValidationError, Versioned, type CsvRow, type Deps } from "../shared";
import { LA_ROLES, PersonInput, personItem, type Person } from "./people";
import { forgetNames } from "./people-names";
import * as Region from "./region";

const COLUMNS = ["name", "email", "authority", "roles", "job_title"] as const;

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Import a region's contacts from CSV (`name,email,authority,roles,job_title`; roles separated by
 * `;`). Every row is validated first; if any row is wrong, nothing is written and every problem is
 * reported with its line number. Re-importing the same file changes nothing. People missing from a
 * later file are kept (removal is a separate, deliberate action).
 */
export async function importContacts(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; csv: string; actor: Audit.Actor },
): Promise<ImportResult> {
  const region = await Region.get(deps, input.regionId);
  const las = await Region.authorities(deps, region.id);
  const valid = readContacts(input.csv, region, las);
  const at = deps.clock.now().toISOString();
  const items = valid.map((p) => personItem(region.id, p, at, input.actor.id));
  const existing = new Map((await deps.store.batchGet<Person>(items)).map((p) => [p.id, p]));
  const result: ImportResult = { rows: items.length, created: 0, updated: 0, unchanged: 0 };
  const FIELDS = ["name", "email", "authority", "roles", "jobTitle", "gsi1sk"] as const;
  for (const item of items) {
    const current = existing.get(item.id);
    if (!current) {
      await Versioned.create(deps, item).catch(async (err: unknown) => {
        // A concurrent import created it first: the same deterministic item, so nothing is lost.
        if (!(err instanceof ConflictError)) throw err;
      });
      result.created++;
      await Audit.record(deps, {
        scope: Audit.regionScope(region.id),
        actor: input.actor,
        action: "person.created",
        entity: { type: "person", id: item.id, version: 1 },
        authority: item.authority,
        summary: `Added ${item.name} (${item.roles.join(", ")})`,
        after: { name: item.name, email: item.email, authority: item.authority, roles: item.roles },
      });
      continue;
    }
    const changed = FIELDS.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(item[f]));
    if (!changed.length) {
      result.unchanged++;
      continue;
    }
    const next = await Versioned.replace<Person>(deps, { ...item, version: undefined }, current.version);
    result.updated++;
    await Audit.record(deps, {
      scope: Audit.regionScope(region.id),
      actor: input.actor,
      action: "person.updated",
      entity: { type: "person", id: item.id, version: next.version },
      authority: item.authority ?? current.authority,
      summary: `Updated ${item.name}: ${changed.filter((f) => f !== "gsi1sk").join(", ")}`,
      before: Object.fromEntries(changed.map((f) => [f, current[f]])),
      after: Object.fromEntries(changed.map((f) => [f, item[f]])),
    });
  }
  await Audit.record(deps, {
    scope: Audit.regionScope(region.id),
    actor: input.actor,
    action: "contacts.imported",
    entity: { type: "region", id: region.id, version: Date.parse(at) },
    summary: `Imported ${result.rows} contacts: ${result.created} added, ${result.updated} updated, ${result.unchanged} unchanged`,
  });
  // The outbox's kept names (people-names.ts) must see who was added or renamed.
  forgetNames();
  return result;
}

/** Every row checked first: the people to import, or a ValidationError listing each problem by line. */
function readContacts(csv: string, region: Region.Region, las: Region.Authority[]): PersonInput[] {
  const byKey = new Map<string, Region.Authority>();
  for (const la of las) {
    byKey.set(la.code.toLowerCase(), la);
    byKey.set(la.name.toLowerCase(), la);
  }
  const issues: { path: string; message: string }[] = [];
  const { rows, error } = parseCsv(csv);
  if (error)
    throw new ValidationError("The file is not valid CSV.", [{ path: `line ${error.line}`, message: error.message }]);
  const [header, ...body] = rows;
  if (!header)
    throw new ValidationError("The file is empty.", [
      { path: "line 1", message: "Add a header row and at least one contact" },
    ]);
  const names = header.cells.map((c) => c.trim().toLowerCase().replace(/\s+/g, "_"));
  const missing = COLUMNS.filter((c) => c !== "job_title" && !names.includes(c));
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (missing.length || unknown.length) {
    throw new ValidationError("The header row is not right.", [
      ...missing.map((m) => ({ path: "line 1", message: `Add a "${m}" column` })),
      ...unknown.map((u) => ({
        path: "line 1",
        message: `Remove the unknown column "${u}" (columns are ${COLUMNS.join(", ")})`,
      })),
    ]);
  }
  if (body.length === 0)
    throw new ValidationError("The file has no contacts.", [{ path: "line 2", message: "Add at least one contact" }]);
  if (body.length > 2000)
    throw new ValidationError("The file has too many rows.", [
      { path: "file", message: "Import at most 2,000 contacts at once" },
    ]);

  const seen = new Map<string, number>();
  const valid: PersonInput[] = [];
  for (const row of body) {
    const at = `line ${row.line}`;
    if (row.cells.length !== names.length) {
      issues.push({ path: at, message: `Expected ${names.length} values, found ${row.cells.length}` });
      continue;
    }
    const p = checkRow(row, names, { region, byKey, issues });
    if (!p) continue;
    const first = seen.get(p.email);
    if (first) issues.push({ path: at, message: `${p.email} is already on line ${first}` });
    else seen.set(p.email, row.line);
    valid.push(p);
  }
  if (issues.length)
    throw new ValidationError(
      `The file has ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was imported.`,
      issues,
    );
  return valid;
}

/** One row's person, or its problems (pushed to `issues`). */
function checkRow(
  row: CsvRow,
  names: string[],
  ctx: { region: Region.Region; byKey: Map<string, Region.Authority>; issues: { path: string; message: string }[] },
): PersonInput | undefined {
  const { region, byKey, issues } = ctx;
  const at = `line ${row.line}`;
  const cell = (c: string) => row.cells[names.indexOf(c)]?.trim() ?? "";
  const rawRoles = cell("roles")
    .split(/[;|]/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const badRoles = rawRoles.filter((r) => !(Region.ROLES as readonly string[]).includes(r));
  if (badRoles.length)
    issues.push({
      path: at,
      message: `Unknown role "${badRoles.join('", "')}" (roles are ${Region.ROLES.join(", ")})`,
    });
  const laText = cell("authority");
  const la = laText ? byKey.get(laText.toLowerCase()) : undefined;
  if (laText && !la) issues.push({ path: at, message: `"${laText}" is not a local authority in ${region.name}` });
  const parsed = PersonInput.safeParse({
    name: cell("name"),
    email: cell("email"),
    authority: la?.code,
    roles: rawRoles.filter((r) => !badRoles.includes(r)),
    jobTitle: cell("job_title") || undefined,
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issues.push({ path: at, message: `${String(i.path[0] ?? "row")}: ${i.message}` });
    return undefined;
  }
  const p = parsed.data;
  if (p.roles.some((r) => LA_ROLES.includes(r)) && !p.authority && !laText) {
    issues.push({
      path: at,
      message: `Give the local authority for the role(s) ${p.roles.filter((r) => LA_ROLES.includes(r)).join(", ")}`,
    });
  }
  return p;
}
