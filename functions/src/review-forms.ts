/**
 * The response form as the inbound path needs it for a review sent by email: the template of a
 * region's version (built in or published) and what a set of answers still lacks, in the words the
 * form's own error messages use. Core reads emails; the forms engine knows the forms.
 */
import { Templates, type Deps } from "@riia/core";
import type { ReviewForms, FormShape } from "@riia/core/inbound";
import { checkTemplate, type Template } from "@riia/forms/definition";
import { formErrors } from "@riia/forms/answers";
import { BUILT_IN } from "@riia/forms/templates/index";

const FORM = "peer-challenge-response";

export function reviewForms(deps: Pick<Deps, "store">): ReviewForms {
  return {
    async template(regionId, version) {
      if (version === 1) return BUILT_IN[FORM];
      const stored = await Templates.getVersion(deps, regionId, FORM, version);
      const checked = stored && checkTemplate(stored.definition);
      return checked && checked.ok ? checked.template : BUILT_IN[FORM];
    },
    missing(template: FormShape, answers, themes) {
      return formErrors(template as Template, answers, { themes }).flatMap(({ section, errors }) =>
        errors.map((e) => `${section.title}: ${e.text}`),
      );
    },
  };
}
