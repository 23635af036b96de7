// Stand-in for the parts of nunjucks a Lambda bundle never runs: its templates arrive precompiled (see
// precompiled-views.ts), so nothing may compile, read a template from a file, install Jinja compatibility or serve an
// Express app at run time. Each of those modules resolves here, and a call says why it cannot work.
function notHere() {
  throw new Error("nunjucks cannot compile or load templates in this bundle: every view must be precompiled");
}
module.exports = {
  compile: notHere,
  precompile: notHere,
  precompileString: notHere,
  parse: notHere,
  lex: notHere,
  FileSystemLoader: notHere,
  NodeResolveLoader: notHere,
};
