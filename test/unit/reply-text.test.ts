/**
 * A reviewer's own words out of a plain-text reply: each case is a reply as a client or list server
 * shapes it, written for riia (not taken from any other project), with the words we must keep.
 */
import { describe, expect, it } from "vitest";
import { ownWordsOfText } from "../../packages/core/src/mail/reply-text";

const REQUEST = [
  "> Leicester has been asked to carry out peer scrutiny of Derby's self-evaluation by 30 November 2026,",
  "> and we would be grateful if you could tell us by Friday.",
];
const own = (text: string) => ownWordsOfText(text).text;

describe("quoted history is cut", () => {
  it("a mailing list's footer after the quote is not the reviewer's", () => {
    const reply = [
      "Yes, we can do Derby in November.",
      "",
      "Sam Hughes",
      "",
      "On Mon, 7 Sept 2026 at 09:00, Sector-led improvement <riia@mail.riia.example.org> wrote:",
      ...REQUEST,
      "",
      "_______________________________________________",
      "east-midlands-dcs mailing list",
      "east-midlands-dcs@lists.example.org",
      "https://lists.example.org/mailman/listinfo/east-midlands-dcs",
    ].join("\n");
    expect(own(reply)).toBe("Yes, we can do Derby in November.\n\nSam Hughes");
  });

  it("a quoted line re-wrapped without its '>' stays quoted", () => {
    const reply = [
      "Happy to help.",
      "",
      "On 7 Sep 2026, at 09:00, Sector-led improvement <riia@mail.riia.example.org> wrote:",
      "> Leicester has been asked to carry out peer scrutiny of Derby's self-evaluation and",
      "development plan by 30 November 2026.",
      "> Thank you.",
    ].join("\n");
    expect(own(reply)).toBe("Happy to help.");
    // A broken line that starts a sentence cannot be told from an answer: it is kept, never lost.
    const capital = reply.replace("development plan", "Development plan");
    expect(own(capital)).toBe("Happy to help.\n\nDevelopment plan by 30 November 2026.");
  });

  it("an answer typed between quoted lines is kept, even with no blank line around it", () => {
    const reply = [
      "On 7 Sep 2026, at 09:00, Sector-led improvement <riia@mail.riia.example.org> wrote:",
      "> Leicester has been asked to carry out peer scrutiny of Derby's self-evaluation.",
      "Yes, we can.",
      "> Please tell us who will lead the team.",
      "Jo Okafor will lead it.",
    ].join("\n");
    expect(own(reply)).toBe("Yes, we can.\nJo Okafor will lead it.");
  });
});

describe("attributions and headers of other clients and languages", () => {
  it("an attribution whose address wrapped before its closing bracket", () => {
    const reply = [
      "Ja, vi tar den.",
      "",
      "man. 7. sep. 2026 kl. 09:00 skrev Sector-led improvement <riia@mail.riia.example.org",
      ">:",
      "",
      ...REQUEST,
    ].join("\n");
    expect(own(reply)).toBe("Ja, vi tar den.");
  });

  it("an attribution between rows of dashes, without a colon (Zoho)", () => {
    const reply = [
      "We accept.",
      "",
      "---- On Mon, 07 Sep 2026 09:00:00 +0100 riia@mail.riia.example.org wrote ----",
      "",
      "Dear Sam,",
    ].join("\n");
    expect(own(reply)).toBe("We accept.");
  });

  it.each([
    ["Ukrainian", "7 вересня 2026 р. о 09:00 <riia@mail.riia.example.org> написав:"],
    ["Hungarian", '2026.09.07. 9:00 keltezéssel, "Sector-led improvement" írta:'],
  ])("a %s attribution", (_, attribution) => {
    expect(own(["Accept.", "", attribution, "", ...REQUEST].join("\n"))).toBe("Accept.");
  });

  it("a Chinese Outlook header block", () => {
    const reply = [
      "Accept.",
      "",
      "发件人: Sector-led improvement <riia@mail.riia.example.org>",
      "发送时间: 2026年9月7日 9:00",
      "收件人: Sam Hughes",
      "主题: Peer scrutiny: please review Derby",
      "",
      "Dear Sam,",
    ].join("\n");
    expect(own(reply)).toBe("Accept.");
  });
});

describe("footers and rules carry no words", () => {
  it("an app's promotional footer with its link", () => {
    const reply = [
      "Yes please.",
      "",
      "Sent from Spike<https://spike.example.com/r/123>",
      "On 7 Sep 2026, at 09:00, Morgan <riia@mail.riia.example.org> wrote:",
      "Dear Sam,",
    ].join("\n");
    expect(own(reply)).toBe("Yes please.");
  });

  it("a bare rule left above the quote", () => {
    const reply = [
      "Declined, sorry.",
      "",
      "========================================",
      "",
      "De : riia@mail.riia.example.org",
      "Envoyé : lundi 7 septembre 2026 09:00",
      "Objet : Peer scrutiny",
    ].join("\n");
    expect(own(reply)).toBe("Declined, sorry.");
  });

  it("a sentence that starts like a footer, and a rule inside the reply, are kept", () => {
    const reply = "Sent from my desk, which is easier than my phone.\n\n-----\nStrengths: the front door.";
    expect(own(reply)).toBe(reply);
  });

  it("a reviewer's sign-off is their own words", () => {
    const reply = "We can't this time.\n\nRegards,\n\nSam Hughes\nHead of Quality Assurance\n\n-Sam";
    expect(own(reply)).toBe(reply);
  });
});

describe("attributions mail software spreads or squeezes", () => {
  const QUOTE = ["> Dear Sam,", "> Please tell us whether you can do it."];

  it("reply text on the attribution's own line is kept, the attribution is not", () => {
    expect(
      own(["We can do it On Mon, 7 Sep 2026 at 09:00, riia@mail.riia.example.org wrote:", ...QUOTE].join("\n")),
    ).toBe("We can do it");
    expect(
      own(
        ["Yes.", "Jo will lead--- On Mon, 7 Sep 2026 at 09:00, riia@mail.riia.example.org wrote:", ...QUOTE].join("\n"),
      ),
    ).toBe("Yes.\nJo will lead");
  });

  it("a name in the attribution that looks like a keyword keeps nothing of it", () => {
    const reply = [
      "Accept.",
      "",
      "On Mon, 7 Sep 2026 at 09:00, Anna Le Roux <anna@derby.example.org> wrote:",
      ...QUOTE,
    ].join("\n");
    expect(own(reply)).toBe("Accept.");
  });

  it("an attribution spread over lines, with the address on lines of its own", () => {
    const reply = [
      "Accept.",
      "",
      "On Mon, Sep 7, 2026 at 9:00 AM Morgan Ellis",
      "",
      "<",
      "mailto:Morgan Ellis <riia@mail.riia.example.org>",
      "> wrote:",
      "Dear Sam,",
    ].join("\n");
    expect(own(reply)).toBe("Accept.");
  });

  it.each([
    ["Android", "---- Morgan Ellis wrote ----"],
    ["old Gmail", "2026/9/7 Morgan Ellis <riia@mail.riia.example.org>"],
    ["'sent' for 'wrote'", "On 7-Sep-2026, at 9:00 AM, Morgan Ellis <riia@mail.riia.example.org> sent:"],
    ["Dutch", "Op 7 sep. 2026, om 09:00 heeft Morgan Ellis <riia@mail.riia.example.org> het volgende geschreven:"],
    ["Vietnamese", "Vào 09:00 7 tháng 9, 2026, Morgan Ellis <riia@mail.riia.example.org> đã viết:"],
  ])("%s", (_, attribution) => {
    expect(own(["Sorry, no.", "", attribution, "", ...QUOTE].join("\n"))).toBe("Sorry, no.");
  });
});

describe("header blocks, link tails and banners", () => {
  it("headers that start with the date, as mail software writes it", () => {
    const reply = [
      "Accept.",
      "Date: Mon, 07 Sep 2026 09:00:12 +0100",
      "To: sam.hughes@leicester.example.org",
      "",
      "Dear Sam,",
    ].join("\n");
    expect(own(reply)).toBe("Accept.");
  });

  it("a date and a recipient the reviewer typed are kept", () => {
    const reply = "We propose:\nDate: Tuesday 10 November 2026, 10:00\nTo: agree the scope with Derby's DCS";
    expect(own(reply)).toBe(reply);
  });

  it("the tail of a broken link inside the quote stays quoted; a reply in brackets does not", () => {
    const quote = ["> View the self-evaluation (https://riia.example.org/r/abc", "_token=3dd518)", "> Thank you."];
    expect(
      own(["Accept.", "", "On 7 Sep 2026, at 09:00, Morgan <riia@mail.riia.example.org> wrote:", ...quote].join("\n")),
    ).toBe("Accept.");
    const inline = [
      "On 7 Sep 2026, at 09:00, Morgan <riia@mail.riia.example.org> wrote:",
      "> Can you do November?",
      "(Yes, the second week.)",
      "> Thank you.",
    ];
    expect(own(inline.join("\n"))).toBe("(Yes, the second week.)");
  });

  it("a '>>> … <<<' banner is the reviewer's text, not a quote", () => {
    const reply = "Our dates are below.\n>>> 10-12 November <<<\nSam";
    expect(own(reply)).toBe(reply);
  });
});
