/**
 * What follows a request: the offering region's lead agrees or declines it (by emailed link or console, with a
 * reason); when agreed, a place on the offer is held in both regions' brokering (one capacity count) and the offering
 * LA confirms it has the capacity; the outcome emails the lead who asked. A lead acts only for their own region.
 */
import { ConditionFailedError, ForbiddenError, Keys, StateError, ValidationError, type Deps } from "../shared";
import { Emails, sendNow } from "../mail";
import { People } from "../directory";
import { type Support } from "../support";
import { findOffer } from "./catalogue";
import {
  CAPACITY,
  agreedAtHome,
  auditBoth,
  getRequest,
  indexNaming,
  requestLink,
  type Acting,
  type ExchangeRequest,
  type RequestStatus,
} from "./requests";

const reasonOf = (reason: string | undefined, required: boolean) => {
  const r = (reason ?? "").trim();
  if (required && r.length < 3)
    throw new ValidationError("Give a reason.", [
      { path: "reason", message: "Enter a reason (at least 3 characters)" },
    ]);
  if (r.length > 1000)
    throw new ValidationError("The reason is too long.", [
      { path: "reason", message: "Keep the reason under 1,000 characters" },
    ]);
  return r;
};

/** Move a request on, only from the state it was read in (two people acting at once: one wins, one is told). */
async function move(
  deps: Pick<Deps, "store" | "clock">,
  r: ExchangeRequest,
  status: RequestStatus,
  by: string,
  reason: string,
) {
  const at = deps.clock.now().toISOString();
  try {
    return await deps.store.update<ExchangeRequest>(
      Keys.exchangeRequest(r.id),
      {
        set: {
          status,
          reason,
          updatedAt: at,
          history: [...r.history, { at, status, by, ...(reason ? { reason } : {}) }],
        },
        add: { version: 1 },
      },
      { condition: { op: "eq", attr: "version", value: r.version } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new StateError("Someone else has just acted on this request.");
    throw err;
  }
}

/** The matches a request holds: one in the offering cycle (counting against the offer) and one in the asking cycle. */
function brokerages(r: ExchangeRequest, status: Support.Brokerage["status"]): Support.Brokerage[] {
  const base = {
    kind: "brokerage" as const,
    authority: r.from.authority,
    theme: r.theme,
    offerId: r.to.offerId,
    provider: r.to.authority,
    type: "one-to-one" as const,
    status,
    override: true,
    version: 1,
  };
  const names = { requestId: r.id, authorityName: r.from.authorityName, providerName: r.to.authorityName };
  const home = `${r.from.authority}#${r.theme}`;
  return [
    {
      ...Keys.brokerage(r.to.cycleId, `X#${r.id}`),
      ...base,
      cycleId: r.to.cycleId,
      needId: `X#${r.id}`,
      exchange: { ...names, otherRegion: r.from.regionName },
    },
    {
      ...Keys.brokerage(r.from.cycleId, home),
      ...base,
      cycleId: r.from.cycleId,
      needId: home,
      exchange: { ...names, otherRegion: r.to.regionName },
    },
  ];
}

async function tellAsker(deps: Deps, r: ExchangeRequest, by: { name: string; email: string }) {
  // The lead who asked has since been erased: there is nobody to tell.
  if (!r.from.email.includes("@")) return;
  await sendNow(deps, {
    key: {
      cycleId: r.from.cycleId,
      step: "exchange",
      recipient: r.from.email,
      purpose: `outcome:${r.id}:${r.version}`,
    },
    to: r.from.email,
    replyTo: by.email,
    regionId: r.from.regionId,
    message: Emails.render("exchangeOutcome", {
      name: r.from.personName,
      forAuthority: r.from.authorityName,
      offerAuthority: r.to.authorityName,
      toRegion: r.to.regionName,
      theme: r.themeLabel,
      outcome: r.status === "confirmed" ? "confirmed" : "declined",
      by: by.name,
      reason: r.reason ?? "",
      link: `${deps.config.baseUrl}/lead/exchange/requests`,
    }),
  });
}

async function askOfferingLa(deps: Deps, r: ExchangeRequest, replyTo: string) {
  const contacts = (await People.listByAuthority(deps, r.to.authority)).filter((p) =>
    p.roles.some((role) => role === "officer" || role === "dcs"),
  );
  for (const p of contacts)
    await sendNow(deps, {
      key: { cycleId: r.to.cycleId, step: "exchange", recipient: p.email, purpose: `capacity:${r.id}:${r.version}` },
      to: p.email,
      replyTo,
      regionId: r.to.regionId,
      message: Emails.render("exchangeCapacity", {
        name: p.name,
        authority: r.to.authorityName,
        forAuthority: r.from.authorityName,
        fromRegion: r.from.regionName,
        theme: r.themeLabel,
        offer: r.offer,
        link: await requestLink(deps, r, CAPACITY, p),
      }),
    });
  return contacts;
}

/** The offering region's lead agrees or declines (a reason is required to decline). */
export async function decide(
  deps: Deps,
  input: { id: string; decision: string; reason?: string; acting: Acting; name: string },
): Promise<ExchangeRequest> {
  const r = await getRequest(deps, input.id);
  if (input.acting.regionId !== r.to.regionId)
    throw new ForbiddenError(`Only ${r.to.regionName}'s regional lead can agree or decline this request.`);
  if (input.decision !== "agree" && input.decision !== "decline")
    throw new ValidationError("Choose agree or decline.", [{ path: "decision", message: "Choose agree or decline" }]);
  const reason = reasonOf(input.reason, input.decision === "decline");
  if (r.status !== "requested") throw new StateError(`This request has already been answered (${r.status}).`);
  if (input.decision === "decline") {
    const done = await move(deps, r, "declined", input.name, reason);
    await indexNaming(deps, r, Keys.exchangeRequest(r.id), [input.acting.email]);
    await auditBoth(deps, done, {
      actor: input.acting.actor,
      action: "exchange.declined",
      summary: `${r.to.regionName} declined ${r.from.authorityName}'s request for ${r.to.authorityName}'s offer on ${r.themeLabel} (reason: ${reason})`,
    });
    await tellAsker(deps, done, { name: input.name, email: input.acting.email });
    return done;
  }
  const offer = await findOffer(deps, r.to.cycleId, r.to.offerId);
  if (!offer || offer.left < 1) throw new StateError("The offer has no places left, so the request cannot be agreed.");
  if (await agreedAtHome(deps, r.from.cycleId, r.from.authority, r.theme))
    throw new StateError(`${r.from.authorityName} has since had support on this theme agreed in its own region.`);
  const done = await move(deps, r, "agreed", input.name, reason);
  await indexNaming(deps, r, Keys.exchangeRequest(r.id), [input.acting.email]);
  await deps.store.batchPut(brokerages(done, "agreed"));
  await auditBoth(deps, done, {
    actor: input.acting.actor,
    action: "exchange.agreed",
    summary: `${r.to.regionName} agreed that ${r.to.authorityName} supports ${r.from.authorityName} on ${r.themeLabel}${reason ? ` (reason: ${reason})` : ""}; a place on the offer is held`,
  });
  await askOfferingLa(deps, done, input.acting.email);
  return done;
}

/** The offering LA confirms it has the capacity (or says why not, which frees the place). */
export async function confirmCapacity(
  deps: Deps,
  input: { id: string; answer: string; reason?: string; person: People.Person },
): Promise<ExchangeRequest> {
  const r = await getRequest(deps, input.id);
  if (input.person.authority !== r.to.authority)
    throw new ForbiddenError(`Only ${r.to.authorityName}'s contacts can confirm this.`);
  if (input.answer !== "yes" && input.answer !== "no")
    throw new ValidationError("Choose yes or no.", [{ path: "answer", message: "Say whether you have the capacity" }]);
  const reason = reasonOf(input.reason, input.answer === "no");
  if (r.status !== "agreed") throw new StateError(`This request is not waiting for capacity (${r.status}).`);
  const actor = { kind: "person" as const, id: input.person.id, name: input.person.name };
  const done = await move(deps, r, input.answer === "yes" ? "confirmed" : "declined", input.person.name, reason);
  await indexNaming(deps, r, Keys.exchangeRequest(r.id), [input.person.email]);
  if (done.status === "declined") await deps.store.batchPut(brokerages(done, "declined"));
  await auditBoth(deps, done, {
    actor,
    action: done.status === "confirmed" ? "exchange.confirmed" : "exchange.capacity-declined",
    summary:
      done.status === "confirmed"
        ? `${r.to.authorityName} confirmed it has the capacity to support ${r.from.authorityName} on ${r.themeLabel}`
        : `${r.to.authorityName} cannot support ${r.from.authorityName} on ${r.themeLabel} (reason: ${reason}); the place is freed`,
  });
  await tellAsker(deps, done, input.person);
  return done;
}
