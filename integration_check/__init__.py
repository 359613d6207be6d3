"""The integration-check plugin: a town's concepts, the assessment of pages against them
(the completeness rule), the checks' workflow step, and the public view of the progress.

Read it bottom-up; each module imports only from the layers below it (no cycle, imports
at the top; ``tests/test_layers.py`` keeps it so):

1. choices: ``choices`` (rules, directions, outcomes, measure states, symbols; no
   models), with the leaves ``migration_helpers``, ``workflow_messages``, ``charts``, and
   ``sites`` (the site, i.e. town, of a page, a check or a user; on Wagtail's ``Site``).
2. the concept: ``checks`` (Check and its scale and pre-check), ``concept`` (the
   concept and its items, ``source_language``, ``natural_key`` of item numbers),
   ``admin_forms`` (the items' pickers).
3. the assessment: ``assessment`` (the completeness rule, on the concept and the
   choices only), ``assessment_models`` (the page's rows and ``AssessablePageMixin``),
   ``forms``, ``panels``, ``system_checks``, ``display``, ``api``, ``workflow`` (the
   workflow step), ``workflow_actions``.
4. the public progress: ``progress_models`` (measure states, indicators),
   ``tally_cache`` (the tallies' cache and its stamp), ``progress`` (tallies, states,
   listed pages), ``exports``, ``concept_page`` (the public page, ``ensure_concept_page``),
   ``applicability`` (which concept applies to which page, and which pages a change of
   concepts moves), ``progress_exchange`` (the measures' states and indicators in the
   concept file), ``exchange`` (YAML/JSON import and export of a whole concept).
5. translation: ``translation`` (what a reader sees in which language; it needs only
   the concept, so the progress and the templates use it), ``templatetags``.
6. the admin and Django: ``admin_scope`` (the admin limited to the user's sites),
   ``check_forms``, ``views``, ``wagtail_hooks``, ``apps``,
   ``management``, and ``models``, which re-exports every model for Django and for
   code outside the plugin (inside it, import from the defining module).
"""
