/** The directory's shapes in the JSON API: people and their roles. */
import { z } from "@hono/zod-openapi";
import { Region, type People } from "@riia/core";
import { pick } from "./reference-schemas";

export const Role = z.enum(Region.Role.options);
export const Person = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    authority: z.string().optional(),
    roles: z.array(Role),
    jobTitle: z.string().optional(),
    version: z.number().int(),
  })
  .openapi("Person");

export const person = (p: People.Person) =>
  pick(p, ["id", "name", "email", "authority", "roles", "jobTitle", "version"]);
