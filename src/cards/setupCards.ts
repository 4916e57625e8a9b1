/** Cards of the setup wizards: a step, `setup status`, the `setup mem` form and its saved answer. */
import type { MemDoneView, MemFormView, StatusView, StepView } from "../dialogs/wizards/view";
import { renderCard, type AdaptiveCardJson } from "./render";
import setupMemDoneTemplate from "./templates/setupMemDone.json";
import setupMemFormTemplate from "./templates/setupMemForm.json";
import setupStatusTemplate from "./templates/setupStatus.json";
import setupStepTemplate from "./templates/setupStep.json";

export const setupStepCard = (v: StepView): AdaptiveCardJson => renderCard(setupStepTemplate, v);
export const setupStatusCard = (v: StatusView): AdaptiveCardJson => renderCard(setupStatusTemplate, v);
export const setupMemFormCard = (v: MemFormView): AdaptiveCardJson => renderCard(setupMemFormTemplate, v);
export const setupMemDoneCard = (v: MemDoneView): AdaptiveCardJson => renderCard(setupMemDoneTemplate, v);
