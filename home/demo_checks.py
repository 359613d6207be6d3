"""The demo's second check, the Klimacheck: its definition is data,
``home/demo/klimacheck.yaml`` (loaded by ``integration_check.check_loader.load_check``
through the demo's manifest)."""

#: The Klimacheck's slug, as in its file; the workflow step "Klimacheck" checks it.
CLIMATE_CHECK = "klima"
