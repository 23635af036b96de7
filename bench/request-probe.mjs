// Runs in a fresh process: import one bundle (module init), then send its handler one API Gateway request (the
// first request after a cold start) and the same request warm, as Lambda would. Prints the CPU time of each (user +
// system, this process only: the DynamoDB stand-in runs in the bench's own process). Usage: bundle path.
const [file, path, cookie] = process.argv.slice(2);
const cpuMs = (start) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};
const event = () => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: { host: "riia.example.org", accept: "text/html", ...(cookie ? { cookie } : {}) },
  isBase64Encoded: false,
  requestContext: {
    http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
    requestId: "r",
    routeKey: "$default",
    stage: "$default",
    domainName: "riia.example.org",
  },
});
const context = { awsRequestId: "r", getRemainingTimeInMillis: () => 30_000 };
let start = process.cpuUsage();
const { handler } = await import(file);
const initMs = cpuMs(start);
start = process.cpuUsage();
const first = await handler(event(), context);
const firstMs = cpuMs(start);
if (first.statusCode >= 400) throw new Error(`${path}: ${first.statusCode} ${String(first.body).slice(0, 300)}`);
const warm = [];
for (let i = 0; i < 15; i++) {
  start = process.cpuUsage();
  await handler(event(), context);
  warm.push(cpuMs(start));
}
warm.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ initMs, firstMs, warmMs: warm[warm.length >> 1] }));
// The clients' keep-alive sockets would hold the process open; Lambda would freeze it here.
process.exit(0);
