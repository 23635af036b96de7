// Runs in a fresh process: import one bundle and print how long module initialisation took.
const file = process.argv[2];
const t0 = performance.now();
const mod = await import(file);
const ms = performance.now() - t0;
if (typeof mod.handler !== "function") throw new Error(`${file} exports no handler`);
process.stdout.write(JSON.stringify({ ms }));
