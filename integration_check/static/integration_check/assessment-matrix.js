/* The assessment matrix of the page editor (integration_check.panels.AssessmentMatrixPanel).
 *
 * A Stimulus controller registered with Wagtail's admin application: a row shows the text
 * fields its chosen level needs (or that hold text); goals and measures are added from a
 * searchable list of the check's concept and removed again; the formsets' counters follow.
 */
(() => {
  const { Controller } = window.StimulusModule;

  class AssessmentMatrixController extends Controller {
    static targets = ['row', 'template', 'chooser', 'status'];

    static values = { needs: Object };

    /** A level was chosen: show the texts it needs, keep those holding text. */
    rate(event) {
      const radio = event.target;
      if (!(radio instanceof HTMLInputElement) || radio.type !== 'radio') return;
      const row = radio.closest('[data-assessment-matrix-target="row"]');
      if (row) this.showTexts(row, radio);
    }

    showTexts(row, radio) {
      const needed = (radio.dataset.needs || '').split(' ').filter(Boolean);
      row.querySelectorAll('[data-text]').forEach((wrapper) => {
        const field = wrapper.querySelector('textarea');
        const filled = field && field.value.trim() !== '';
        const hasError = wrapper.querySelector('.error-message') !== null;
        wrapper.hidden = !(needed.includes(wrapper.dataset.text) || filled || hasError);
      });
    }

    /** Narrow a chooser's list to the items whose number or title holds the search. */
    filter(event) {
      const chooser = event.target.closest('[data-assessment-matrix-target="chooser"]');
      const query = event.target.value.trim().toLocaleLowerCase();
      const select = chooser.querySelector('select');
      let shown = 0;
      Array.from(select.options).forEach((option) => {
        const match = option.text.toLocaleLowerCase().includes(query);
        option.hidden = !match;
        if (match && !option.disabled) shown += 1;
      });
      const first = Array.from(select.options).find((o) => !o.hidden && !o.disabled);
      if (first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        select.value = first.value;
      }
      this.say(chooser, shown === 1 ? chooser.dataset.oneFound : `${chooser.dataset.found} ${shown}`);
    }

    say(chooser, text) {
      const status = chooser.querySelector('[data-assessment-matrix-target="status"]');
      if (status) status.textContent = text;
    }

    /** Add a row for the item chosen in a chooser, with the levels of its check. */
    add(event) {
      const chooser = event.target.closest('[data-assessment-matrix-target="chooser"]');
      const select = chooser.querySelector('select');
      const option = select.options[select.selectedIndex];
      if (!option || option.disabled || option.hidden) {
        this.say(chooser, chooser.dataset.nothingChosen);
        select.focus();
        return;
      }
      const { relation, check } = chooser.dataset;
      const template = this.templateTargets.find((t) => t.dataset.relation === relation);
      const total = this.element.querySelector(`input[name="${relation}-TOTAL_FORMS"]`);
      const index = parseInt(total.value, 10);
      const holder = document.createElement('div');
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      const row = holder.firstElementChild;
      const label = option.text;
      row.querySelectorAll('[data-label]').forEach((el) => {
        el.textContent = el.tagName === 'LEGEND' ? `${el.textContent.trim()} ${label}` : label;
      });
      const item = row.querySelector(`[name="${relation}-${index}-${this.itemField(relation)}"]`);
      item.value = option.value;
      const order = row.querySelector(`[name="${relation}-${index}-ORDER"]`);
      if (order) order.value = String(index + 1);
      const levels = this.needsValue[check];
      if (levels) {
        row.querySelectorAll('input[type="radio"]').forEach((radio) => {
          if (radio.value && !(radio.value in levels)) {
            radio.closest('.assessment-matrix__cell').remove();
          } else if (radio.value) {
            radio.dataset.needs = levels[radio.value].join(' ');
          }
        });
        row.querySelectorAll('[data-check-prefix]').forEach((el) => el.remove());
        const line = row.querySelector('.assessment-matrix__line');
        line.style.setProperty('--levels', row.querySelectorAll('input[type="radio"]').length);
      }
      const rows = this.element.querySelector(
        `[data-assessment-matrix-target="rows"][data-relation="${relation}"][data-check="${check}"]`,
      );
      rows.append(row);
      total.value = String(index + 1);
      option.disabled = true;
      this.say(chooser, `${chooser.dataset.added} ${label}`);
      total.dispatchEvent(new Event('change', { bubbles: true }));
      const focus = row.querySelector('input[type="radio"]') || row.querySelector('button');
      if (focus) focus.focus();
    }

    itemField(relation) {
      return { principle_ratings: 'principle', goal_ratings: 'goal', implemented_measures: 'measure' }[
        relation
      ];
    }

    /** Remove a row: marked deleted (saved rows are deleted on saving), its item offered again. */
    remove(event) {
      const row = event.target.closest('[data-assessment-matrix-target="row"]');
      const { prefix } = row.dataset;
      const deleted = row.querySelector(`[name="${prefix}-DELETE"]`);
      deleted.value = '1';
      deleted.dispatchEvent(new Event('change', { bubbles: true }));
      row.hidden = true;
      const relation = prefix.replace(/-\d+$/, '');
      const item = row.querySelector(`[name="${prefix}-${this.itemField(relation)}"]`);
      const rows = row.closest('[data-assessment-matrix-target="rows"]');
      const chooser = rows && rows.parentElement.querySelector('[data-assessment-matrix-target="chooser"]');
      if (chooser && item) {
        const option = chooser.querySelector(`option[value="${item.value}"]`);
        if (option) option.disabled = false;
        this.say(chooser, chooser.dataset.removed);
        chooser.querySelector('input[type="search"]').focus();
      }
    }
  }

  window.wagtail.app.register('assessment-matrix', AssessmentMatrixController);
})();
