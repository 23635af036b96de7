/**
 * The domain validates with zod's "mini" build (`import * as z from "zod/mini"` in each module), whose functions the
 * bundler leaves out when unused. Measured in a bundle, mini with our schemas is ~16 KB and ~10 ms of module init;
 * the classic build is ~200 KB and ~45 ms, because every schema carries every method. Classic zod registers English
 * messages when it is imported; mini does not, so the domain does, once, here. The JSON API's routes still use classic
 * zod (through @hono/zod-openapi), with classic twins of the domain schemas they embed (functions/src/routes/api).
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
