/** A step's page: its state and guard, the step actions, and each LA's task with its last activity. */
import { Access, Audit, Cycle, Region, Submission, Tasks, Work, Workflow, type Deps } from "@riia/core";
import { answerBlocks, FormService } from "@riia/forms";
import { csrfToken } from "../middleware/csrf";
import { govukDate } from "./dates";
import { escapeHtml, phaseWhen, STEP_LABELS, tag } from "./labels";
import { leadReviewsModel } from "./reviews";
import { named, namesOf } from "./names";

type Person = Extract<Access.Principal, { kind: "person" }>;

export async function stepModel(deps: Deps, who: Person, cycleId: string, step: Region.Step, session: string) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const phase = Cycle.phase(cycle, step);
  const form = Tasks.FORM_OF_STEP[step];
  const [region, las, tasks, subs, guard] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    Workflow.taskStates(deps, cycleId),
    form ? Submission.listForCycle(deps, cycleId, form) : Promise.resolve([]),
    Workflow.guardOf(deps, cycle, step),
  ]);
  const base = `/lead/cycles/${cycleId}`;
  const received = await leadReviewsModel(deps, cycle, step, base);
  // In a review step each LA's row also says how its own reviews stand (its task there is its reviewers' work).
  const reviewsOf = (code: string) => {
    const r = received?.reviewed?.find((x) => x.code === code);
    return r ? `<br><span class="govuk-body-s">Reviews received: ${escapeHtml(r.counts)}</span>` : "";
  };
  const index = Region.STEPS.indexOf(step);
  const next = Region.STEPS[index + 1];
  return {
    title: STEP_LABELS[step],
    regionName: region.name,
    cycleTitle: `Cycle ${cycle.year} to ${cycle.year + 1}`,
    base,
    action: `${base}/steps/${step}`,
    csrf: csrfToken(deps, "session", session),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    state: phase.state,
    canReopen: phase.state === "closed" && form !== undefined,
    stateTag: tag(phase.state),
    opensAt: govukDate(phase.opensAt),
    when: phaseWhen(phase, govukDate),
    deadline: govukDate(phase.deadline),
    guard,
    nextLabel: next ? STEP_LABELS[next] : undefined,
    reviewsReceived: received,
    extraLinks: [
      ...(Tasks.REVIEW_STEPS.includes(step)
        ? [{ href: `${base}/assignments/${step}`, text: "Peer-review assignments" }]
        : []),
      ...(step === "support-menu" ? [{ href: `${base}/support`, text: "Support menu and brokering" }] : []),
      ...(step === "regional-plan" ? [{ href: `${base}/plan`, text: "Regional development plan" }] : []),
    ],
    rows: las.map((la) => {
      const t = tasks.find((x) => x.step === step && x.authority === la.code);
      const s = subs.find((x) => x.authority === la.code);
      const last = s?.updatedAt ?? t?.createdAt;
      return [
        { text: la.name },
        { html: (t ? tag(t.notSubmitted ? "not-submitted" : t.status) : "No task") + reviewsOf(la.code) },
        { text: t ? govukDate(t.deadline) : "–" },
        { text: last ? govukDate(last) : "–" },
        {
          html: t
            ? `<a class="govuk-link" href="${base}/steps/${step}/las/${la.code}">Manage<span class="govuk-visually-hidden"> ${escapeHtml(la.name)}</span></a>`
            : "–",
        },
      ];
    }),
  };
}

export async function taskModel(
  deps: Deps,
  who: Person,
  cycleId: string,
  step: Region.Step,
  code: string,
  session: string,
) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, la, task] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authority(deps, code),
    // A form can be submitted (and so reopened) without a task: reached from a link before the step opened.
    Workflow.taskState(deps, cycleId, step, code),
  ]);
  const form = Tasks.FORM_OF_STEP[step];
  const submission = form
    ? await Submission.get(deps, Submission.submissionId(cycleId, form, code)).catch(() => undefined)
    : undefined;
  const versions = submission ? await Submission.history(deps, submission.id) : [];
  const activity = (await Audit.listForAuthority(deps, code, { limit: 100 })).items.filter(
    (e) => e.scope === Audit.cycleScope(cycleId),
  );
  const base = `/lead/cycles/${cycleId}`;
  return {
    title: `${la.name}: ${STEP_LABELS[step].toLowerCase()}`,
    regionName: region.name,
    base,
    stepHref: `${base}/steps/${step}`,
    stepLabel: STEP_LABELS[step],
    action: `${base}/steps/${step}/las/${code}`,
    csrf: csrfToken(deps, "session", session),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    hasTask: task !== undefined && !Workflow.isDerived(task),
    /** Only a form step has a submission to show (the menu's and the reviews' state come from elsewhere). */
    hasForm: form !== undefined,
    stepClosed: Cycle.phase(cycle, step).state === "closed",
    status: task?.status,
    statusTag: task ? tag(task.status) : "No task yet",
    deadline: task ? govukDate(task.deadline) : "–",
    waivedReason: task?.waivedReason,
    notSubmittedReason: task?.notSubmitted?.reason,
    reopenedUntil: task?.reopenedUntil ? govukDate(task.reopenedUntil) : undefined,
    canWaive:
      task !== undefined && !Workflow.isDerived(task) && task.status !== "submitted" && task.status !== "waived",
    canRemind:
      task !== undefined && !Workflow.isDerived(task) && task.status !== "submitted" && task.status !== "waived",
    canReopen: submission?.status === "submitted",
    reviewsReceived: await leadReviewsModel(deps, cycle, step, base, code),
    submission: submission
      ? {
          status: submission.status,
          reference: submission.reference,
          submittedAt: govukDate(submission.submittedAt),
          answers: await answerRows(deps, submission, region),
        }
      : undefined,
    versions: versions.map((v) => [
      { text: String(v.version) },
      { text: v.status },
      { text: govukDate(v.at) },
      { text: v.reference ?? "–" },
    ]),
    activity: await namesOf(deps, cycle.regionId).then((n) =>
      activity.map((e) => [
        { text: govukDate(e.at) },
        {
          text:
            e.actor.name ?? n.people.get(e.actor.id) ?? (e.actor.kind === "system" ? "riia (automatic)" : e.actor.id),
        },
        { text: named(e.summary, n.las, n.people) },
      ]),
    ),
  };
}

/** A submission's answers under its questions' own words, as reviewers read them (never the questions' ids). */
async function answerRows(deps: Deps, submission: Submission.Submission, region: Region.Region) {
  const template = await FormService.templateFor(
    deps,
    submission.regionId,
    submission.form,
    submission.templateVersion,
  );
  const blocks = answerBlocks({ template, ctx: { themes: region.settings.themes } }, submission.answers);
  return Work.sectionsOf(blocks).flatMap((section) => section.rows);
}
