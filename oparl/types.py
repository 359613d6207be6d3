"""The OParl type URLs, for the endpoint and for reading other servers."""

SCHEMA_1_0 = "https://schema.oparl.org/1.0/"
SCHEMA_1_1 = "https://schema.oparl.org/1.1/"

TYPES = (
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
    "LegislativeTerm",
    "Error",
)


def type_url(name: str, version: str = SCHEMA_1_1) -> str:
    """``type_url("Paper")`` → ``https://schema.oparl.org/1.1/Paper``."""
    return f"{version}{name}"


def type_name(url: str) -> str | None:
    """The type's name of an OParl 1.0 or 1.1 type URL (``…/1.0/Paper`` → ``Paper``), else None.

    Lenient as real servers are: ``http`` or ``https``, with or without a trailing slash.
    """
    if not isinstance(url, str):
        return None
    value = url.strip().rstrip("/")
    for scheme in ("https://", "http://"):
        if value.startswith(scheme):
            value = "https://" + value[len(scheme) :]
            break
    for version in (SCHEMA_1_1, SCHEMA_1_0):
        if value.startswith(version):
            name = value[len(version) :]
            return name if name in TYPES else None
    return None
