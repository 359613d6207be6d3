"""Tests of the integration_check plugin on a page model of its own (``testapp``), without
``proposals``."""
