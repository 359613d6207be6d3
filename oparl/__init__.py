"""OParl 1.1: the town's public proposals for the council information world.

``/oparl/v1.1/`` serves each town (Wagtail site) as one OParl Body (see ``docs/oparl.md``).
This app is the glue between ``proposals`` and ``integration_check``; neither imports it.
"""
