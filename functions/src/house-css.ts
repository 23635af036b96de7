/**
 * The few rules the pages need beyond GOV.UK Frontend's, appended to its stylesheet (the pages allow stylesheets
 * from their own origin only, so no inline styles). Reflow (WCAG 1.4.10): a wide table scrolls inside its own
 * focusable region (riia-table.njk) rather than the page; long words (emails, links, references) wrap; charts
 * scale with their container.
 */
export const HOUSE_CSS = `
.riia-scroll{position:relative;overflow-x:auto;max-width:100%;margin-bottom:20px}
.riia-scroll>.govuk-table{margin-bottom:0}
.riia-scroll:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 4px #0b0c0c}
.govuk-main-wrapper p,.govuk-main-wrapper li,.govuk-main-wrapper dd,.govuk-main-wrapper dt,.govuk-main-wrapper h1,.govuk-main-wrapper h2,.govuk-main-wrapper h3,.govuk-main-wrapper label,.govuk-main-wrapper legend{overflow-wrap:break-word}
.govuk-main-wrapper svg{max-width:100%;height:auto}
.govuk-main-wrapper pre{white-space:pre-wrap;overflow-wrap:anywhere}
`;
