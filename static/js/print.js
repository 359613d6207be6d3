// Buttons marked data-print open the browser's print dialog (the report page).
// A file of its own: the Content-Security-Policy allows no inline script or event handler.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
