import { Template } from "aws-cdk-lib/assertions";
import { Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { initProject } from "sst/project.js";
import { App, getStack } from "sst/constructs";
import config from "../../sst.config";
import { Api } from "../../stacks/Api";
import { Cycle } from "../../stacks/Cycle";
import { Email } from "../../stacks/Email";
import { Storage } from "../../stacks/Storage";

export interface Synthesised {
  app: App;
  templates: { storage: Template; api: Template; email: Template; cycle: Template };
  /** cdk-nag errors and warnings left unsuppressed, per stack. */
  nag: { errors: string[]; warnings: string[] };
}

/**
 * Synthesise the real app (`sst.config.ts`) for a stage, offline: initProject with an explicit
 * stage (never a prompt), `App` in deploy mode, the stacks, then `finish()` — which also bundles
 * every function, so a missing handler fails here.
 */
export async function synthesise(stage: string, withNag = true): Promise<Synthesised> {
  await initProject({ stage });
  const app = new App({ mode: "deploy", stage, name: "riia", region: "eu-west-2", account: "123456789012" });
  if (withNag) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  config.stacks(app);
  await app.finish();
  const stacks = { storage: getStack(Storage), api: getStack(Api), email: getStack(Email), cycle: getStack(Cycle) };
  // Synthesise once: SST's aspects are stateful, so a second synth of the same app would fail.
  const assembly = app.synth();
  const artifact = (stack: (typeof stacks)[keyof typeof stacks]) => assembly.getStackArtifact(stack.artifactId);
  const templates = {
    storage: Template.fromJSON(artifact(stacks.storage).template),
    api: Template.fromJSON(artifact(stacks.api).template),
    email: Template.fromJSON(artifact(stacks.email).template),
    cycle: Template.fromJSON(artifact(stacks.cycle).template),
  };
  const pick = (level: "error" | "warning") =>
    Object.values(stacks).flatMap((st) =>
      artifact(st)
        .messages.filter((m) => m.level === level && String(m.entry.data).startsWith("AwsSolutions-"))
        .map((m) => `${st.stackName}${m.id}: ${String(m.entry.data).split("\n")[0]}`),
    );
  return { app, templates, nag: { errors: pick("error"), warnings: pick("warning") } };
}
