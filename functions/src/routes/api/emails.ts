/** The email catalogue and previews of each email, for leads. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Emails } from "@riia/core";
import type { AppEnv } from "../../context";
import { problem, json, secured, leadsOnly } from "./common";

const EmailName = z.enum(Object.keys(Emails.EMAILS) as [Emails.EmailName, ...Emails.EmailName[]]);

export const emailsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/emails",
      tags: ["Email"],
      security: secured,
      summary: "The emails riia sends",
      responses: {
        200: json(
          z.object({ emails: z.array(z.object({ name: z.string(), subject: z.string() })) }),
          "Each email with its subject for sample data",
        ),
        401: problem("No app secret"),
      },
    }),
    (c) =>
      c.json(
        {
          emails: (leadsOnly(c), Object.keys(Emails.EMAILS) as Emails.EmailName[]).map((name) => ({
            name,
            subject: Emails.render(name, Emails.SAMPLES[name] as never).subject,
          })),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/emails/{name}/preview",
      tags: ["Email"],
      security: secured,
      summary: "Preview an email with sample data (subject, plain text and HTML)",
      request: {
        params: z.object({ name: EmailName.openapi({ param: { name: "name", in: "path" }, example: "invitation" }) }),
      },
      responses: {
        200: json(
          z.object({ name: z.string(), subject: z.string(), text: z.string(), html: z.string() }),
          "The rendered email",
        ),
        401: problem("No app secret"),
      },
    }),
    (c) => {
      leadsOnly(c);
      const name = c.req.valid("param").name;
      return c.json({ name, ...Emails.render(name, Emails.SAMPLES[name] as never) }, 200);
    },
  );

/** The email routes as a mount (api-routes.ts, api-groups.ts). */
export const emailsApi = () => emailsRoutes;
