/** The solution's page, drawn for the lead (signed in) and for the LAs (from their emailed link). */
import type { Impact } from "@riia/core";
import type { Context } from "hono";
import { page, type AppEnv } from "../../context";
import { aimChoices, solutionModel } from "../../view-models/impact";
import { errorFor, type PageError } from "../lead/page-errors";
import { dateFields } from "./forms";

export interface SolutionPage {
  action: string;
  csrf: string;
  /** The lead, or an officer of the offering or receiving LA: may amend the aims. */
  canAmend: boolean;
  /** A person of the receiving LA once the solution has ended. */
  canGiveFeedback: boolean;
  lead?: { listHref: string; cancelHref: string };
  errors?: PageError[];
  body?: Record<string, string>;
  chosen?: Impact.AimsInput;
  done?: string;
}

export async function renderSolution(c: Context<AppEnv>, s: Impact.Solution, p: SolutionPage) {
  const deps = c.get("deps");
  const model = await solutionModel(deps, s, deps.clock.now());
  const chosen = p.chosen ?? s;
  const choices = await aimChoices(deps, s.regionId, s.cycleId, s.authority, chosen);
  const body = p.body ?? {};
  const errors = p.errors?.length ? p.errors : undefined;
  const field = (f: string) => (errors ? errorFor(errors, f) : undefined);
  c.header("Cache-Control", "no-store");
  return page(
    c,
    "impact-solution.njk",
    {
      title: `Support from ${model.providerName} to ${model.receivingName}`,
      ...model,
      ...choices,
      ...p,
      canGiveFeedback: p.canGiveFeedback && model.ended && !model.cancelled,
      canAmend: p.canAmend && !model.cancelled,
      errors,
      fieldErrors: {
        indicators: field("indicators") ?? field("priorities"),
        startsOn: field("startsOn"),
        endsOn: field("endsOn"),
        useful: field("useful"),
        changed: field("changed"),
        recommend: field("recommend"),
      },
      startsOn: dateFields(body, "startsOn", chosen.startsOn),
      endsOn: dateFields(body, "endsOn", chosen.endsOn),
      values: body,
    },
    errors ? 400 : 200,
  );
}
