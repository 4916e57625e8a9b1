/** The card of a setup screen (src/jobs/setupFlow.ts). */
import type { AdaptiveCardJson } from "./render";
import { setupMemDoneCard, setupMemFormCard, setupStatusCard, setupStepCard } from "./setupCards";
import type { MemDoneView, MemFormView, StatusView, StepView } from "../dialogs/wizards/view";

export type SetupScreenView =
  | { kind: "step"; view: StepView }
  | { kind: "form"; view: MemFormView }
  | { kind: "done"; view: MemDoneView }
  | { kind: "status"; view: StatusView };

export function setupScreenCard(s: SetupScreenView): AdaptiveCardJson {
  switch (s.kind) {
    case "step":
      return setupStepCard(s.view);
    case "form":
      return setupMemFormCard(s.view);
    case "done":
      return setupMemDoneCard(s.view);
    case "status":
      return setupStatusCard(s.view);
  }
}
