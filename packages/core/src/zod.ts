/**
 * zod's "mini" build with its English messages registered: every module that validates with zod imports `z` from
 * here (`import * as z from "../zod"`, or `@riia/core/zod` outside the core), never from "zod/mini" itself (lint
 * holds this). Mini's functions are left out of a bundle when unused: in the pages function zod is 49 KB where the
 * classic build was 203 KB, because every classic schema carries every method. Classic zod registers English messages
 * when it is imported; mini does not, so this module does, once, whichever module a bundle loads first. The JSON
 * API's routes still use classic zod (through @hono/zod-openapi), with classic twins of the domain schemas they embed
 * (functions/src/routes/api/domain-schemas.ts).
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
