/**
 * Pages that read nothing from the store (the public pages, the API reference) served on an ephemeral port with a
 * log and a clock as their only dependencies, and a Chromium to read them in.
 */
import { serve } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { createLogger, fixedClock, type Deps } from "@riia/core";
import { createApp } from "@riia/functions/app";
import { launch } from "./browser";

export interface StorelessPages {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function storelessPages(): Promise<StorelessPages> {
  const deps = { log: createLogger({ level: "silent" }), clock: fixedClock("2026-12-01T09:00:00Z") } as unknown as Deps;
  const app = createApp(deps);
  const { server, origin } = await new Promise<{ server: ReturnType<typeof serve>; origin: string }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({ server, origin: `http://127.0.0.1:${info.port}` }),
    );
  });
  const browser = await launch();
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
