import { acceptKnownFindings } from "./nag";
import { Cron, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { sendMail, tableReadWrite } from "./defaults";
import { runtimeEnvironment } from "./runtime";
import { Storage } from "./Storage";

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
        permissions: [
          tableReadWrite(table.cdk.table),
          // The scheduled step reads no object; ListBucket (HeadBucket) keeps its health check working.
          new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.cdk.bucket.bucketArn] }),
          ...sendMail(stack, config.mailDomain, configurationSet),
        ],
      },
    },
  });
  acceptKnownFindings(stack);
  return { tick };
}
