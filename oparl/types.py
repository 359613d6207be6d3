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
    """The type's name of an OParl 1.0 or 1.1 type URL (``…/1.0/Paper`` → ``Paper``), else None."""
    for version in (SCHEMA_1_1, SCHEMA_1_0):
        if isinstance(url, str) and url.startswith(version):
            name = url[len(version) :]
            return name if name in TYPES else None
    return None
