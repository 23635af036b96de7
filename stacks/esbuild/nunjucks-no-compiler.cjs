// Stand-in for nunjucks' compiler, parser and lexer in Lambda bundles, whose templates arrive
// precompiled (see precompiled-views.ts): nothing may compile at run time.
function notHere() {
  throw new Error("nunjucks cannot compile templates in this bundle: every view must be precompiled");
}
module.exports = { compile: notHere, precompile: notHere, precompileString: notHere, parse: notHere, lex: notHere };
