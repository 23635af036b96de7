import { acceptKnownFindings } from "./nag";
import { Cron, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";
import { ALL_ITEM_ACTIONS, listing, objects, sendEmail, tableItems } from "./defaults";
import { runtimeEnvironment } from "./runtime";
import { BUCKET_PREFIXES, Storage } from "./Storage";

/** Every 15 minutes the scheduled step opens and closes phases, reminds, escalates and sends mail. */
export const TICK_SCHEDULE = "rate(15 minutes)";

export function Cycle({ stack, app }: StackContext) {
  const { table, bucket } = use(Storage);
  const { params, config, configurationSet } = use(Api);

  const tick = new Cron(stack, "Tick", {
    schedule: TICK_SCHEDULE,
    job: {
      function: {
        handler: "functions/src/scheduled.handler",
        description: "riia scheduled step: phases, reminders, escalation, mail dispatch",
        // A tick must finish well inside the next one; 5 minutes leaves room for mail throttling.
        timeout: "5 minutes",
        environment: runtimeEnvironment({ stage: app.stage, table, bucket, config, configurationSet }),
        bind: params,
        // Every step's items; the retention sweep lists a cycle's files under attachments/ and deletes them.
        permissions: [
          ...tableItems(table.cdk.table, ALL_ITEM_ACTIONS, { indexes: true }),
          listing(bucket.cdk.bucket, [BUCKET_PREFIXES.attachments]),
          objects(bucket.cdk.bucket, ["DeleteObject"], [BUCKET_PREFIXES.attachments]),
          sendEmail(stack, config.mailDomain, configurationSet),
        ],
      },
    },
  });
  acceptKnownFindings(stack);
  return { tick };
}
