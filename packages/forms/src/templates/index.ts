import type { Template } from "../definition";
import { coreDataset } from "./core-dataset";
import { developmentPlan } from "./development-plan";
import { peerChallengeResponse } from "./peer-challenge-response";
import { selfEvaluation } from "./self-evaluation";

/** The four built-in templates of the common core (version 1 of each form). */
export const BUILT_IN: Record<Template["kind"], Template> = {
  "self-evaluation": selfEvaluation,
  "development-plan": developmentPlan,
  "peer-challenge-response": peerChallengeResponse,
  "core-dataset": coreDataset,
};
