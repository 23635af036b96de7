import type { Deps } from "./ports";

/** One dependency's answer. */
export interface DependencyHealth {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface HealthReport {
  ok: boolean;
  checks: { table: DependencyHealth; bucket: DependencyHealth; mailer: DependencyHealth };
}

async function probe(fn: () => Promise<void>, timeoutMs: number): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    // Only the error's name and message: never a stack or request detail in a public endpoint.
    const e = err as { name?: string; message?: string };
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: `${e.name ?? "Error"}: ${e.message ?? ""}`.slice(0, 200),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Ask the table, bucket and mailer to answer, in parallel, each within `timeoutMs`. */
export async function checkHealth(
  deps: Pick<Deps, "store" | "blobs" | "mailer">,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const [table, bucket, mailer] = await Promise.all([
    probe(() => deps.store.ping(), timeoutMs),
    probe(() => deps.blobs.ping(), timeoutMs),
    probe(() => deps.mailer.ping(), timeoutMs),
  ]);
  return { ok: table.ok && bucket.ok && mailer.ok, checks: { table, bucket, mailer } };
}
