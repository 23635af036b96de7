/** The lead console tests' names for the one form reader (../form-page): a form by its button, and a page's links. */
export { formsOf, formWithButton, linksOf, type PageForm } from "../form-page";
