// Runs in a fresh process: the bundled first-render entry renders a page cold, then warm.
const mod = await import(process.argv[2]);
process.stdout.write(JSON.stringify(mod.handler()));
