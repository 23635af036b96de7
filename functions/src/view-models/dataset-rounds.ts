/** View models of the rounds pages: the rounds list and schedule form, the confirm page, one round's returns. */
import { Quarters, type Collection, type People, type Region, type Rounds } from "@riia/core";
import { govukDate } from "./dates";

type Issue = { path: string; message: string };

const stateOf = (r: Collection.RoundItem) =>
  r.done.includes("open") ? (r.done.length > 1 ? "Open, reminders or escalations sent" : "Open") : "Scheduled";

export function roundsModel(
  regionId: string,
  region: Region.Region,
  rounds: Collection.RoundItem[],
  plan: Rounds.Plan,
  lastEnded: Quarters.Quarter,
  issues: Issue[],
) {
  const err = (path: string) => issues.find((i) => i.path === path)?.message;
  const choices = [-1, 0, 1, 2, 3].map((n) => Quarters.shift(lastEnded, n));
  return {
    title: "Quarterly rounds",
    regionName: region.name,
    regionId,
    action: `/lead/dataset/${regionId}/rounds`,
    backLink: `/lead/dataset/${regionId}`,
    rows: [...rounds]
      .sort((a, b) => b.quarter.localeCompare(a.quarter))
      .map((r) => [
        {
          html: `<a class="govuk-link" href="/lead/dataset/${regionId}/rounds/${r.quarter}">${Quarters.label(r.quarter)}</a>`,
        },
        { text: govukDate(r.opensAt) },
        { text: govukDate(r.dueAt) },
        { text: (r.remindDaysBefore ?? []).join(", ") || "region's setting" },
        { text: stateOf(r) },
      ]),
    quarters: choices.map((q) => ({ value: q, text: Quarters.label(q), selected: q === plan.quarter })),
    plan,
    fieldErrors: { quarter: err("quarter"), opens: err("opens"), due: err("due"), reminders: err("reminders") },
  };
}

export function planModel(
  regionId: string,
  plan: Rounds.Plan,
  checked: Rounds.CheckedPlan,
  contacts: { la: { code: string; name: string }; people: People.Person[] }[],
  existing: Collection.RoundItem | undefined,
) {
  return {
    title: existing
      ? `Change the ${Quarters.label(checked.quarter)} round`
      : `Schedule the ${Quarters.label(checked.quarter)} round`,
    regionId,
    action: `/lead/dataset/${regionId}/rounds`,
    backLink: `/lead/dataset/${regionId}/rounds`,
    plan,
    summary: [
      { key: { text: "Quarter collected" }, value: { text: Quarters.label(checked.quarter) } },
      { key: { text: "Opens (invitations sent)" }, value: { text: govukDate(checked.opensAt) } },
      { key: { text: "Deadline" }, value: { text: `${govukDate(checked.dueAt)}, end of the working day` } },
      {
        key: { text: "Reminders" },
        value: {
          text: checked.remindDaysBefore.length
            ? `${checked.remindDaysBefore.join(" and ")} days before the deadline, to LAs not yet returned`
            : "None",
        },
      },
    ],
    people: contacts.reduce((n, c) => n + c.people.length, 0),
    rows: contacts.map((c) => [
      { text: c.la.name },
      {
        text: c.people.length
          ? c.people.map((p) => p.name).join(", ")
          : "No data contact: add one before the round opens",
      },
    ]),
  };
}

const STATE_TEXT: Record<Rounds.ReturnState, string> = {
  returned: "Returned",
  imported: "Imported by the region",
  awaiting: "Awaiting",
  late: "Late",
  reopened: "Reopened: awaiting a corrected return",
};

export function roundModel(
  regionId: string,
  region: Region.Region,
  r: Collection.RoundItem,
  returns: Awaited<ReturnType<typeof Rounds.returnsOf>>,
) {
  const count = (s: Rounds.ReturnState[]) => returns.filter((x) => s.includes(x.state)).length;
  return {
    title: `${Quarters.label(r.quarter)} round`,
    regionName: region.name,
    regionId,
    quarter: r.quarter,
    backLink: `/lead/dataset/${regionId}/rounds`,
    opened: r.done.includes("open"),
    opens: govukDate(r.opensAt),
    due: govukDate(r.dueAt),
    counts: {
      in: count(["returned", "imported"]),
      waiting: count(["awaiting", "late", "reopened"]),
      all: returns.length,
    },
    rows: returns.map((x) => [
      { text: x.name },
      { text: STATE_TEXT[x.state] },
      { text: x.at ? govukDate(x.at) : "" },
      {
        text: x.reopened
          ? `Reopened ${govukDate(x.reopened.at)}, due ${govukDate(x.reopened.dueAt)}: ${x.reopened.reason}`
          : "",
      },
      {
        html: r.done.includes("open")
          ? `<a class="govuk-link" href="/lead/dataset/${regionId}/rounds/${r.quarter}?reopen=${x.code}#reopen">Reopen<span class="govuk-visually-hidden"> ${x.name}'s return</span></a>`
          : "",
      },
    ]),
  };
}
