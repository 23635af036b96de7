/**
 * The confirmation pages of the lead's consequential actions: before a close, an opening, a reopening, a waiver, a
 * publication or an escalation happens, the page says what will happen, which LAs it touches and who will be emailed
 * (by name and address), asks for the reason the audit keeps, and offers a way back. Nothing here changes anything.
 * (Publishing the plan and escalating a concern: confirm-publish.ts.)
 */
import { Cycle, People, Region, Tasks, Workflow, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { govukDate } from "./dates";
import { STEP_LABELS } from "./labels";

export interface ConfirmList {
  heading: string;
  items: string[];
  empty: string;
}

export interface ConfirmModel {
  title: string;
  caption: string;
  what: string[];
  lists: ConfirmList[];
  action: string;
  csrf: string;
  hidden: { name: string; value: string }[];
  reason?: { id: string; name?: string; label: string; hint?: string; required: boolean };
  deadline?: boolean;
  choose?: { value: string; text: string }[];
  note?: { label: string; hint: string };
  confirmText: string;
  warning: boolean;
  cancelHref: string;
}

type Person = Pick<People.Person, "name" | "email">;
export const named = (people: Person[]) =>
  [...new Map(people.map((p) => [p.email, p])).values()].map((p) => `${p.name} (${p.email})`);
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function leads(deps: Deps, regionId: string) {
  return (await People.listRegional(deps, regionId)).filter((p) => p.roles.includes("regional-lead"));
}

async function peopleOf(deps: Deps, step: Region.Step, authorities: string[]) {
  const lists = await Promise.all(authorities.map((authority) => Workflow.taskPeople(deps, { authority, step })));
  return lists.flat();
}

/** What closing a step does: the unfinished LAs locked out and recorded as not submitted; the leads told. */
async function closeParts(deps: Deps, cycle: Cycle.Cycle, step: Region.Step) {
  const [unfinished, las, leadPeople] = await Promise.all([
    Workflow.unfinishedTasks(deps, cycle.id, step),
    Region.authorities(deps, cycle.regionId),
    leads(deps, cycle.regionId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  return {
    what: [
      `${STEP_LABELS[step]} closes now: its forms stop taking changes and nobody is chased about it any more.`,
      unfinished.length
        ? `${plural(unfinished.length, "local authority", "local authorities")} ${unfinished.length === 1 ? "has" : "have"} not finished. ${unfinished.length === 1 ? "It is" : "They are"} locked out and recorded as not submitted, with your reason. You can reopen the step later with a new deadline.`
        : "Every local authority has submitted or been waived.",
    ],
    lists: [
      {
        heading: "Not finished: locked and recorded as not submitted",
        items: unfinished.map((t) => `${name(t.authority)} (${t.status.replace("-", " ")})`),
        empty: "None.",
      },
      { heading: "Emailed a summary", items: named(leadPeople), empty: "Nobody." },
    ],
  };
}

/** What opening a step does: its tasks made and its invitations sent (with the people listed), the leads told. */
async function openParts(deps: Deps, cycle: Cycle.Cycle, step: Region.Step) {
  const [las, leadPeople, guard] = await Promise.all([
    Region.authorities(deps, cycle.regionId),
    leads(deps, cycle.regionId),
    Workflow.guardOf(deps, cycle, step),
  ]);
  const phase = Cycle.phase(cycle, step);
  const invites = Tasks.FORM_OF_STEP[step] || step === "support-menu";
  const invited = invites
    ? await peopleOf(
        deps,
        step,
        las.map((l) => l.code),
      )
    : [];
  const early = Date.parse(phase.opensAt) > deps.clock.now().getTime();
  return {
    early: early || !guard.ready,
    what: [
      `${STEP_LABELS[step]} opens now${early ? `, before its planned date of ${govukDate(phase.opensAt)}` : ""}. Its deadline is ${govukDate(phase.deadline)}.`,
      ...(guard.missing.length ? [`Still missing: ${guard.missing.join("; ")}.`] : []),
      invites
        ? `Each of the ${las.length} local authorities' officers and director are emailed a personal link.`
        : Tasks.REVIEW_STEPS.includes(step)
          ? "No local authority is emailed when it opens: reviewer assignments are proposed for you to check, and go out only when you send them."
          : "No local authority is emailed when it opens.",
    ],
    lists: [
      ...(invites ? [{ heading: "Emailed an invitation", items: named(invited), empty: "Nobody." }] : []),
      { heading: "Emailed that it has opened", items: named(leadPeople), empty: "Nobody." },
    ],
  };
}

export const base = (deps: Deps, session: string, cancelHref: string, action: string) => ({
  action,
  csrf: csrfToken(deps, "session", session),
  cancelHref,
});

/** The confirmation of a step action: open, close, advance or reopen. */
export async function stepConfirm(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  action: string,
  session: string,
): Promise<ConfirmModel | undefined> {
  const cycle = await Cycle.get(deps, cycleId);
  const region = await Region.get(deps, cycle.regionId);
  const page = `/lead/cycles/${cycleId}/steps/${step}`;
  const common = {
    ...base(deps, session, page, page),
    caption: `${region.name} · ${STEP_LABELS[step]}`,
    hidden: [{ name: "action", value: action }],
  };
  if (action === "close") {
    const parts = await closeParts(deps, cycle, step);
    return {
      ...common,
      ...parts,
      title: `Close ${STEP_LABELS[step].toLowerCase()} now?`,
      reason: { id: "reason", label: "Why are you closing it now?", hint: "Kept in the audit trail", required: true },
      confirmText: "Close the step",
      warning: true,
    };
  }
  if (action === "open") {
    const parts = await openParts(deps, cycle, step);
    return {
      ...common,
      what: parts.what,
      lists: parts.lists,
      title: `Open ${STEP_LABELS[step].toLowerCase()} now?`,
      reason: parts.early
        ? {
            id: "reason",
            label: "Why open it now?",
            hint: "Needed: it is early or missing what it needs",
            required: true,
          }
        : { id: "reason", label: "Reason (optional)", required: false },
      confirmText: "Open the step",
      warning: false,
    };
  }
  if (action === "advance") {
    const next = Region.STEPS[Region.STEPS.indexOf(step) + 1];
    if (!next) return undefined;
    const [closing, opening] = await Promise.all([closeParts(deps, cycle, step), openParts(deps, cycle, next)]);
    return {
      ...common,
      what: [...closing.what, ...opening.what],
      lists: [
        ...closing.lists,
        ...opening.lists.map((l) => ({ ...l, heading: `${l.heading} (${STEP_LABELS[next]})` })),
      ],
      title: `Close ${STEP_LABELS[step].toLowerCase()} and open ${STEP_LABELS[next].toLowerCase()}?`,
      reason: { id: "reason", label: "Why are you moving on now?", hint: "Kept in the audit trail", required: true },
      confirmText: `Close and open ${STEP_LABELS[next].toLowerCase()}`,
      warning: true,
    };
  }
  if (action === "remind") return remindConfirm(deps, cycle, step, common);
  if (action === "reopen") return reopenConfirm(deps, cycle, step, common);
  return undefined;
}

async function remindConfirm(
  deps: Deps,
  cycle: Cycle.Cycle,
  step: Region.Step,
  common: Pick<ConfirmModel, "action" | "csrf" | "cancelHref" | "caption" | "hidden">,
): Promise<ConfirmModel> {
  const unfinished = await Workflow.unfinishedTasks(deps, cycle.id, step);
  const people = await peopleOf(
    deps,
    step,
    unfinished.map((t) => t.authority),
  );
  return {
    ...common,
    title: `Send reminders for ${STEP_LABELS[step].toLowerCase()} now?`,
    what: [
      `Everyone working on the ${plural(unfinished.length, "local authority", "local authorities")} that ${unfinished.length === 1 ? "has" : "have"} not finished is emailed a reminder with a fresh link (at most once a day).`,
    ],
    lists: [{ heading: "Emailed a reminder", items: named(people), empty: "Nobody: every local authority is done." }],
    confirmText: "Send the reminders",
    warning: false,
  };
}

async function reopenConfirm(
  deps: Deps,
  cycle: Cycle.Cycle,
  step: Region.Step,
  common: Pick<ConfirmModel, "action" | "csrf" | "cancelHref" | "caption" | "hidden">,
): Promise<ConfirmModel> {
  const [unfinished, las] = await Promise.all([
    Workflow.unfinishedTasks(deps, cycle.id, step),
    Region.authorities(deps, cycle.regionId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const people = await peopleOf(
    deps,
    step,
    unfinished.map((t) => t.authority),
  );
  return {
    ...common,
    title: `Reopen ${STEP_LABELS[step].toLowerCase()}?`,
    what: [
      "The local authorities you choose can change and submit their forms again until the new deadline, and their officers and director are emailed a fresh link.",
      "Choose none to reopen the whole step for every local authority that has not finished: the step is open again and closes on the new deadline.",
    ],
    lists: [
      {
        heading: "Not finished, so they can be reopened",
        items: unfinished.map((t) => name(t.authority)),
        empty: "None: every local authority submitted or was waived.",
      },
      { heading: "Emailed a fresh link if all are reopened", items: named(people), empty: "Nobody." },
    ],
    choose: unfinished.map((t) => ({ value: t.authority, text: name(t.authority) })),
    deadline: true,
    reason: {
      id: "reason",
      label: "Why reopen it?",
      hint: "Kept in the audit trail and sent in the email",
      required: true,
    },
    confirmText: "Reopen and email the links",
    warning: false,
  };
}

/** The confirmation of a task action: waive, or reopen a submitted form. */
export async function taskConfirm(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  code: string,
  action: string,
  session: string,
): Promise<ConfirmModel | undefined> {
  const la = await Region.authority(deps, code);
  const page = `/lead/cycles/${cycleId}/steps/${step}/las/${code}`;
  const common = {
    ...base(deps, session, page, page),
    caption: `${la.name} · ${STEP_LABELS[step]}`,
    hidden: [{ name: "action", value: action }],
  };
  if (action === "waive")
    return {
      ...common,
      title: `Waive ${la.name}'s ${STEP_LABELS[step].toLowerCase()}?`,
      what: [
        `${la.name} is no longer asked for this step: no reminders, no overdue notice and no escalation. Nobody is emailed.`,
      ],
      lists: [],
      reason: { id: "waive-reason", label: "Why is it waived?", hint: "Kept in the audit trail", required: true },
      confirmText: "Waive the task",
      warning: true,
    };
  if (action === "reopen") {
    const [people, cycle] = await Promise.all([People.listByAuthority(deps, code), Cycle.get(deps, cycleId)]);
    const closed = Cycle.phase(cycle, step).state === "closed";
    return {
      ...common,
      title: `Reopen ${la.name}'s submitted form?`,
      what: [
        `${la.name}'s submitted form goes back to them to change; the submitted version stays in its history.`,
        ...(closed
          ? ["The step has closed, so the form takes changes only until the new deadline you set (in the future)."]
          : []),
        "Everyone listed for the local authority is emailed your reason with a link to the form.",
      ],
      deadline: closed,
      lists: [{ heading: "Emailed", items: named(people), empty: "Nobody." }],
      reason: {
        id: "reopen-reason",
        label: "Why is it reopened?",
        hint: "The local authority sees this in the email and the history",
        required: true,
      },
      confirmText: "Reopen the form",
      warning: false,
    };
  }
  return undefined;
}
