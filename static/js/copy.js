// Buttons marked data-copy="<input id>" copy that field's text (the feed addresses).
// Without script the buttons stay hidden and the read-only fields are selected by hand.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) return;
  const shown = button.querySelector(".copy-label");
  const label = shown.textContent;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(field.value).then(() => {
      shown.textContent = button.dataset.copied || label;
      setTimeout(() => { shown.textContent = label; }, 2000);
    });
  });
});
