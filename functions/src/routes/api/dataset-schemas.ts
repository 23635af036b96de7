/** The dataset's shapes in the JSON API: an indicator of the catalogue, as the domain defines it. */
import { Indicators } from "@riia/core";
import { domainObject } from "./domain-object";

export const Indicator = domainObject<Indicators.Indicator>(Indicators.Indicator, "output");
