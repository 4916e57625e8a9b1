/** The `rotate secret` card: the outcome, the new secret's facts (never its value), a Remove button per old secret. */
import type { RotateView } from "../dialogs/rotate";
import { renderCard, type AdaptiveCardJson } from "./render";
import rotateTemplate from "./templates/rotate.json";

export function rotateCard(v: RotateView): AdaptiveCardJson {
  const card = renderCard(rotateTemplate, v);
  // An empty `actions` array is valid, but keep the card minimal when there is nothing to press.
  if (v.buttons.length === 0) delete card.actions;
  return card;
}
