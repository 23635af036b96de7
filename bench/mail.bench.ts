/**
 * Dispatch rate as a share of the configured SES rate: queue N emails, dispatch them with the
 * real per-second budget (in the table) against the SES stand-in, and time it. Also reports the
 * busiest calendar second, which must never exceed the rate.
 */
import { Mail, type Deps } from "@riia/core";
import { withBenchStack } from "./ddb.bench";

export async function benchDispatch(rate = 14, seconds = 5) {
  return withBenchStack(async (base) => {
    const stamps: number[] = [];
    const deps: Deps = {
      ...base,
      clock: { now: () => new Date() },
      config: { ...base.config, sesMaxSendRate: rate },
      mailer: {
        ping: () => base.mailer.ping(),
        send: async (email) => {
          const out = await base.mailer.send(email);
          stamps.push(Date.now());
          return out;
        },
      },
    };
    const n = rate * seconds;
    for (let i = 0; i < n; i++) {
      await Mail.enqueue(deps, {
        key: { cycleId: "bench", step: "bench", recipient: `r${i}@example.org`, purpose: "bench" },
        to: `r${i}@example.org`,
        message: { subject: "Bench", text: "t", html: "<p>h</p>" },
      });
    }
    // Start on a second boundary so the first second's budget is a whole one.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
    const started = Date.now();
    const counts = await Mail.dispatchDue(deps, {});
    const elapsed = (stamps.at(-1)! - started) / 1000;
    const perSecond = new Map<number, number>();
    for (const t of stamps) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    // n sends need ceil(n / rate) seconds of budget; the last second is used only partly, so
    // measure the rate over whole seconds started.
    const secondsUsed = Math.ceil(elapsed + 1e-9);
    return {
      sent: counts.sent,
      rate,
      elapsedSeconds: Number(elapsed.toFixed(2)),
      busiestSecond: Math.max(...perSecond.values()),
      dispatchRateRatio: Number((counts.sent / secondsUsed / rate).toFixed(3)),
    };
  });
}
