/** The walk-through's names for the one form reader (../form-page): the post for a form by its action. */
import { formsOf } from "../form-page";

export { formFor } from "../form-page";

export interface HtmlForm {
  action: string;
  fields: [string, string][];
}

/** Every form on the page, as the name/value pairs it sends. */
export const forms = (html: string): HtmlForm[] => formsOf(html).map((f) => ({ action: f.action, fields: f.pairs() }));
