// Stand-in for nunjucks' parser in a Lambda bundle: its templates arrive parsed at build time (see
// precompiled-views.ts), so nothing may parse a template at run time. The view engine's parser imports resolve here,
// and a call says why it cannot work.
function notHere() {
  throw new Error("nunjucks cannot parse templates in this bundle: every view must be precompiled");
}
module.exports = { parse: notHere, transform: notHere };
