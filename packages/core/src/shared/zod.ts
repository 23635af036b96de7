/**
 * The domain validates with zod's "mini" build (`import * as z from "zod/mini"` in each module), whose functions the
 * bundler leaves out when unused: in the pages function zod is 49 KB where the classic build was 203 KB, because
 * every classic schema carries every method, and that function's init fell by ~55 ms of CPU. Classic zod registers
 * English messages when it is imported; mini does not, so the domain does, once, here. The JSON API's routes still
 * use classic zod (through @hono/zod-openapi), with classic twins of the domain schemas they embed
 * (functions/src/routes/api/domain-schemas.ts).
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
