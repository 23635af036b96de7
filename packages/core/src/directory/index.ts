/** Who and where: the nine regions and their settings, the 153 authorities, people and their roles, suppressed addresses. */
export * as Region from "./region";
export * as People from "./people-api";
export * as Suppression from "./suppression";
