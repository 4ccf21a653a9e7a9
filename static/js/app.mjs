// Loaded as a module, so it only runs in browsers GOV.UK Frontend supports.
import { initAll } from "./../dist/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
