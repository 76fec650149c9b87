// A screen with one single-choice question moves on by itself once the patient picks an
// answer with a tap, a click, Enter or Space (issue #12: less burden). The arrow keys only
// move between the answers, as they always do in a group of radio buttons, and never send
// the form: someone on a keyboard or with a screen reader is not carried off mid-choice.
// Without JavaScript nothing changes: "Volgende" sends the answer, "Vorige" goes back.
// Used by the questionnaire screens and the intake's one-question screens
// (<form data-auto-advance>, with the forward button marked data-next).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-auto-advance]");
  if (!form) return;
  const next = form.querySelector("[data-next]");
  if (!next) return;
  const hint = document.getElementById("auto-advance-hint");
  if (hint) hint.hidden = false;

  const RECENT_MS = 1500;
  let pointerAt = 0;
  let spaceAt = 0;
  let sent = false;

  const isRadio = (element) =>
    element instanceof HTMLInputElement && element.type === "radio";

  const moveOn = () => {
    if (sent) return;
    sent = true;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(next);
    } else {
      next.click();
    }
  };

  // A tap or a click on an answer (its whole row is the label).
  form.addEventListener("pointerdown", (event) => {
    pointerAt = event.target.closest(".option") ? Date.now() : 0;
  });

  form.addEventListener("keydown", (event) => {
    if (!isRadio(event.target)) return;
    if (event.key === "Enter") {
      // Enter chooses the focused answer and moves on (and never sends an empty screen).
      event.preventDefault();
      event.target.checked = true;
      moveOn();
    } else if (event.key === " ") {
      spaceAt = Date.now();
    } else {
      // Arrow keys (and anything else) only move the choice.
      pointerAt = 0;
      spaceAt = 0;
    }
  });

  // Space chooses the focused answer when it is let go (also one already chosen).
  form.addEventListener("keyup", (event) => {
    if (!isRadio(event.target) || event.key !== " ") return;
    if (Date.now() - spaceAt < RECENT_MS) {
      spaceAt = 0;
      event.target.checked = true;
      moveOn();
    }
  });

  // The browser sends a click for a tap and a mouse click, but also when an arrow key
  // moves the choice: only a click that follows a pointer on an answer moves on.
  form.addEventListener("click", (event) => {
    if (!isRadio(event.target)) return;
    if (Date.now() - pointerAt < RECENT_MS) {
      pointerAt = 0;
      moveOn();
    }
  });

  // Back in the browser's history (bfcache): the page may be shown again as it was.
  window.addEventListener("pageshow", () => {
    sent = false;
  });
});
