/**
 * The way onward from an error page, chosen by the address that failed: back to the page of a link from an email
 * (and, where the link itself is refused, a button that emails its owner a new one), to sign-in, to the console,
 * or to the start page.
 */

export interface OnwardLink {
  href: string;
  text: string;
}

export interface Onward {
  links: OnwardLink[];
  /** The refused link's token and page, posted by the page's "Email me a new link" button. */
  newLink?: { token: string; page: string };
}

const START: OnwardLink = { href: "/", text: "Go to the start page" };

/** What each kind of emailed link opens, for "Go back to …". */
const LINK_PAGES: Record<string, string> = {
  f: "the form",
  "sign-off": "the sign-off page",
  m: "the menu of support offers",
  d: "the dataset return",
  c: "the concern",
  "r-work": "the work under review",
  "r-accept": "the review request",
  "r-decline": "the review request",
};

/** The emailed link in a path: its token and which page it opens. */
function linkOf(path: string): { token: string; page: string; home: string } | undefined {
  const form = /^\/(f|sign-off|m|d|c)\/([^/]{1,2048})(?:\/|$)/.exec(path);
  if (form) return { token: form[2]!, page: form[1]!, home: `/${form[1]}/${form[2]}` };
  const reviewer = /^\/r\/([a-z2-7]{28})(?:\/(work|accept|decline))?(?:\/|$)/i.exec(path);
  if (reviewer) {
    const suffix = reviewer[2] ?? "work";
    return { token: reviewer[1]!, page: `r-${suffix}`, home: `/r/${reviewer[1]}/${suffix}` };
  }
  return undefined;
}

export function onwardFor(path: string, status: number): Onward {
  const link = linkOf(path);
  if (link) {
    // The link itself is refused (tampered, unknown, expired, withdrawn): offer a new one.
    if (status === 403 || status === 404 || status === 410 || status === 401)
      return {
        newLink: { token: link.token, page: link.page },
        links: [...(status === 404 ? [{ href: link.home, text: `Go back to ${LINK_PAGES[link.page]}` }] : []), START],
      };
    return { links: [{ href: link.home, text: `Go back to ${LINK_PAGES[link.page]}` }, START] };
  }
  if (/^\/s\//.test(path)) return { links: [{ href: "/sign-in", text: "Ask for a new sign-in link" }, START] };
  if (/^\/(lead|sign-in|sign-out)(\/|$)/.test(path))
    return {
      links:
        status === 401
          ? [{ href: "/sign-in", text: "Sign in" }]
          : [
              { href: "/lead", text: "Go to your console" },
              { href: "/sign-in", text: "Sign in again" },
            ],
    };
  return { links: [START] };
}
