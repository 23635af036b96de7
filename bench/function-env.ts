/** Environment the http function's config needs at init (no network is touched at init). */
export const FUNCTION_ENV = {
  RIIA_STAGE: "bench",
  AWS_REGION: "eu-west-2",
  RIIA_TABLE: "bench",
  RIIA_BUCKET: "bench",
  RIIA_APP_SECRET: "b".repeat(32),
  RIIA_MAIL_FROM: "riia@mail.example.org",
  RIIA_INBOUND_DOMAIN: "reply.example.org",
  RIIA_BASE_URL: "https://riia.example.org",
  LOG_LEVEL: "silent",
};
