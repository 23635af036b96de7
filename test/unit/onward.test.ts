/** The way onward from an error page, by the address that failed. */
import { describe, expect, it } from "vitest";
import { onwardFor } from "../../functions/src/middleware/onward";

const hrefs = (path: string, status: number) => onwardFor(path, status).links.map((l) => l.href);

describe("onwardFor", () => {
  it("offers a refused emailed link's owner a new one, and the start page", () => {
    for (const [path, page] of [
      ["/f/abc.def", "f"],
      ["/sign-off/abc.def", "sign-off"],
      ["/m/abc.def", "m"],
      ["/d/abc.def", "d"],
      ["/c/abc.def", "c"],
      [`/r/${"b".repeat(28)}`, "r-work"],
      [`/r/${"b".repeat(28)}/decline`, "r-decline"],
    ] as const) {
      for (const status of [403, 410]) {
        expect(onwardFor(path, status).newLink, path).toEqual({ token: path.split("/")[2], page });
        expect(hrefs(path, status), path).toEqual(["/"]);
      }
    }
  });

  it("sends other refusals on a link's pages back to that link's page, without a new-link button", () => {
    expect(onwardFor("/f/abc.def/s/summary", 409)).toEqual({
      links: [
        { href: "/f/abc.def", text: "Go back to the form" },
        { href: "/", text: "Go to the start page" },
      ],
    });
    expect(hrefs("/f/abc.def/s/nothing", 404)).toEqual(["/f/abc.def", "/"]);
    expect(onwardFor("/f/abc.def/s/nothing", 404).newLink).toEqual({ token: "abc.def", page: "f" });
  });

  it("points sign-in links to sign-in, the console to itself, and everything else to the start page", () => {
    expect(hrefs("/s/used-token", 410)).toEqual(["/sign-in", "/"]);
    expect(hrefs("/lead/cycles/x", 401)).toEqual(["/sign-in"]);
    expect(hrefs("/lead/cycles/x", 403)).toEqual(["/lead", "/sign-in"]);
    expect(hrefs("/nowhere", 404)).toEqual(["/"]);
    expect(hrefs("/new-link", 400)).toEqual(["/"]);
  });
});
