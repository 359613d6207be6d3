/* The revision an editor's form builds on, kept current through Wagtail's autosave.
 *
 * The edit form names the revision it was loaded from (``loaded_revision_id`` and
 * ``loaded_revision_created_at``). Wagtail's autosave then saves the editor's input as a
 * revision of its own and sends that revision's id with each further autosave only, not
 * with "Entwurf speichern", submit or a workflow action. The editor of an assessable page
 * refuses every save from a form built on an older revision than the latest
 * (integration_check.views.RefuseOverwriteMixin), so after an autosave the form names
 * the autosaved revision as the one it builds on: the editor's own save goes through,
 * while a revision someone else saves later still makes it out of date.
 */
(() => {
  const NAMES = { revision_id: 'loaded_revision_id', revision_created_at: 'loaded_revision_created_at' };

  document.addEventListener('w-autosave:success', (event) => {
    const form = event.target;
    const response = event.detail && event.detail.response;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-edit-form]') || !response) {
      return;
    }
    Object.entries(NAMES).forEach(([key, name]) => {
      if (!response[key]) return;
      const inputs = Array.from(form.querySelectorAll(`input[name="${name}"]`));
      if (!inputs.length) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        form.prepend(input);
        inputs.push(input);
      }
      inputs.forEach((input) => {
        input.value = String(response[key]);
      });
    });
  });
})();
