// Hide a question while an answer on the same screen makes it irrelevant
// (e.g. "which side?" when there is no leg pain). Without JavaScript every question
// shows, and the server ignores answers to hidden questions.
document.addEventListener("DOMContentLoaded", () => {
  const conditional = document.querySelectorAll("[data-hidden-when]");
  const update = () => {
    conditional.forEach((block) => {
      const [field, values] = block.dataset.hiddenWhen.split(":");
      const chosen = document.querySelector(`input[name="${field}"]:checked`);
      block.hidden = Boolean(chosen && values.split(",").includes(chosen.value));
    });
  };
  document.addEventListener("change", update);
  update();
});
