/**
 * The one stylesheet of the app's own (served beside GOV.UK Frontend's, same origin): wide tables sit in a
 * focusable scrolling region with their first column kept in view, so a page never grows wider than the
 * screen (reflow at 320 px) and a table's headers are never cut off.
 */
export const TABLES_CSS = `.riia-scroll{max-width:100%;overflow-x:auto;margin-bottom:30px}
.riia-scroll:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 4px #0b0c0c}
.riia-scroll .govuk-table{margin-bottom:0;border-collapse:separate;border-spacing:0}
.riia-scroll .govuk-table th:first-child,.riia-scroll .govuk-table td:first-child{position:sticky;left:0;z-index:1;background:#ffffff;padding-right:10px;min-width:8em}
.riia-scroll .govuk-table th,.riia-scroll .govuk-table td{padding-left:5px;padding-right:5px}
`;
