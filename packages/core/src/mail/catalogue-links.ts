/**
 * The email that carries a new personal link to someone whose link had expired, asked for from the
 * expired link's page. Part of the catalogue (see catalogue.ts).
 */
import { compose, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface LinkPersonalisation {
  newLink: { name: string; what: string; link: string; expires: string };
}

export const LINK_EMAILS: { [K in keyof LinkPersonalisation]: (p: LinkPersonalisation[K]) => RenderedEmail } = {
  newLink: (p) =>
    compose(`Your new link: ${p.what}`, [
      { p: `Dear ${p.name},` },
      { p: `You asked for a new link because your old one no longer worked. Here is your new link to ${p.what}.` },
      { link: { text: `Open ${p.what}`, href: p.link } },
      {
        p: `The link is personal to you and works until ${when(p.expires)}. If you did not ask for it, you can ignore this email; your old link stays as it was.`,
      },
    ]),
};

export const LINK_SAMPLES: LinkPersonalisation = {
  newLink: {
    name: "Alex Patel",
    what: "Derby's annual self-evaluation",
    link: "https://riia.example.org/f/sample-link",
    expires: "2027-01-31T23:59:59Z",
  },
};
