// Runs in a fresh process: import one bundle and print how long module initialisation took, as
// wall time and as CPU time (user + system, all threads). CPU time is what the bench compares:
// on a shared machine wall time mostly measures the neighbours.
const file = process.argv[2];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const mod = await import(file);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (typeof mod.handler !== "function") throw new Error(`${file} exports no handler`);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
