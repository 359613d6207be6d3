"""Reading settings from the environment, with a clear message for a value that is not one."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env_flag(name, default):
    """``true``/``false`` (also 1/0, yes/no, on/off) from ``name``; ``default`` when unset."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE | FALSE:
        return value in TRUE
    raise ImproperlyConfigured(f"{name} must be true or false, not {os.environ[name]!r}.")


def env_int(name, default, minimum=0):
    """A whole number of at least ``minimum`` from ``name``; ``default`` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}."
        )
    return number
