import type { Deps } from "@riia/core";

/** Load reference data and the demo region. Idempotent: safe on every start. */
export async function seed(_deps: Deps): Promise<void> {
  // Reference data arrives with the data model.
}
