/** Reading accept / decline from reply words: every case here is a reply a reviewer might really send. */
import { describe, expect, it } from "vitest";
import { readDecision } from "../../packages/core/src/mail/reply-decision";

const accept = [
  "Yes, happy to do this one.",
  "Accept",
  "ACCEPT – we'll fit it in.",
  "Accepted. Looking forward to it.",
  "Hi Morgan,\n\nYes, Leicester can do this. We'll be in touch about dates.\n\nSam",
  "Dear all,\nWe accept the review of Derby.",
  "Morgan – yes.",
  "No problem, we\u2019ll do it.",
  "Happy to help \u2013 count us in.",
  "Sorry for the slow reply \u2014 yes we can take this on.",
  "Thanks Morgan, that works for us.",
  "We are able to carry this out in November.",
  "Sure thing, we'll take it.",
  "I can't see why not. Count us in.",
  "Good morning,\n\nLeicester is happy to carry out this scrutiny.",
];
const decline = [
  "I can't, sorry.",
  "I can\u2019t do this one, sorry",
  "Sorry, no.",
  "No – we have our Ofsted inspection that month.",
  "Decline – we have our own focused visit that month, sorry.",
  "Unfortunately we are unable to take this on.",
  "I'm afraid we cannot do this review.",
  "Not this time, sorry.",
  "We are not able to accept this assignment.",
  "Hi Morgan,\n\nWe would love to help but we can\u2019t this year \u2013 no capacity.\n\nThanks\nSam",
  "Thanks for thinking of us. Unfortunately we won't be able to do this one.",
  "We cannot accept.",
  "Regretfully we must decline.",
  "We don't have the capacity this year.",
  "I don\u2019t think we can do this one.",
];
const none = [
  "Before we decide: could the scope include the front door as well as children in care?",
  "Yes, if the dates can move to December.",
  "We can do it provided the visit is in November.",
  "I'll check with our DCS and get back to you.",
  "Can we do this in the spring instead?",
  "Yes, but we can't do the 14th.",
  "Possibly – let me check diaries.",
  "Thanks for this.",
  "",
  "Accept in principle, subject to our DCS agreeing.",
  "We might be able to, I will let you know by Friday.",
  "Probably not, but I need to ask our DCS.",
];

describe("reading a decision from a reply's own words", () => {
  it.each(accept)("accept: %j", (text) => expect(readDecision({ text }).decision).toBe("accept"));
  it.each(decline)("decline: %j", (text) => expect(readDecision({ text }).decision).toBe("decline"));
  it.each(none)("no decision: %j", (text) => expect(readDecision({ text }).decision).toBe("none"));

  it("reads a decision given only in the subject line", () => {
    const original = "Peer scrutiny: please review Derby";
    expect(
      readDecision({ text: "", subject: "RE: Peer scrutiny: please review Derby - ACCEPT", original }),
    ).toMatchObject({ decision: "accept" });
    expect(
      readDecision({ text: "Sam", subject: "Declined: Peer scrutiny: please review Derby", original }).decision,
    ).toBe("decline");
    expect(readDecision({ text: "Thanks", subject: "Re: Peer scrutiny: please review Derby", original }).decision).toBe(
      "none",
    );
    expect(
      readDecision({ text: "Yes, happy to.", subject: "RE: Peer scrutiny: please review Derby – decline", original })
        .decision,
    ).toBe("none");
    expect(
      readDecision({
        text: "Could we do it in March?",
        subject: "Accept: Peer scrutiny: please review Derby",
        original,
      }).decision,
    ).toBe("none");
  });
});

describe("answers in other words and languages", () => {
  it.each([
    ["Will do – we're able to start in October.", "accept"],
    ["Of course.", "accept"],
    ["Absolutely, no reservations.", "accept"],
    ["Oui, nous acceptons.", "accept"],
    ["Ja, gerne.", "accept"],
    ["Sí, aceptamos la revisión.", "accept"],
    ["Tak, przyjmujemy.", "accept"],
    ["We are not in a position to take this on until the spring, I'm sorry.", "decline"],
    ["Sadly we'll pass this year.", "decline"],
    ["Malheureusement nous ne pouvons pas.", "decline"],
    ["Leider können wir nicht.", "decline"],
    ["Niestety nie możemy.", "decline"],
    ["Yn anffodus, allwn ni ddim gwneud yr adolygiad.", "decline"],
    ["Ja, wenn die Termine passen.", "none"],
    ["Oui, si les dates changent.", "none"],
  ] as const)("%s → %s", (text, decision) => {
    expect(readDecision({ text }).decision).toBe(decision);
  });

  it("reads past the header lines of a forwarded answer", () => {
    const text = [
      "Here is our DCS's answer below.",
      "",
      "---------- Forwarded message ---------",
      "From: Jo Okafor <jo@leicester.example.org>",
      "Date: Mon, 7 Sept 2026 at 16:02",
      "Subject: Re: Derby review",
      "To: Sam Hughes <sam@leicester.example.org>",
      "",
      "Yes, we can do the Derby review in November.",
    ].join("\n");
    expect(readDecision({ text }).decision).toBe("accept");
  });
});
