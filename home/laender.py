"""The 16 Länder and the body each names for the enforcement of digital accessibility.

Every accessibility statement of a public body must point to the enforcement
procedure (Durchsetzungs-, Schlichtungs- or Ombudsverfahren, Art. 7 of Directive
(EU) 2016/2102) of its Land. A leaf module: it imports no model.

The defaults below were taken from the bodies' own pages or from statements of
public bodies of the Land, each named in ``source``. They are starting points that
fill the empty fields of a town's settings when the editor chooses the Land; the
editor checks them before publishing. Mecklenburg-Vorpommern has none: no page of
its body with an address to link to could be verified, so its editor fills it in.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class Land(models.TextChoices):
    """A German Land, stored as its ISO 3166-2 code."""

    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class EnforcementBody(NamedTuple):
    """A Land's enforcement body as the statement names it; empty strings where unknown."""

    name: str
    url: str = ""
    email: str = ""
    address: str = ""
    #: Where the values were read (not shown on the site).
    source: str = ""

    def values(self):
        """Return the values as the fields of ``home.TownSettings`` hold them."""
        return {
            "enforcement_name": self.name,
            "enforcement_url": self.url,
            "enforcement_email": self.email,
            "enforcement_address": self.address,
        }


ENFORCEMENT_BODIES = {
    Land.BW: EnforcementBody(
        name="Schlichtungsstelle beim Landeszentrum Barrierefreiheit (LZ-BARR)",
        url="https://barrierefreiheit-bw.de/barrierefreiheitdurchsetzen/schlichtungsantrag",
        address="Else-Josenhans-Straße 6\n70173 Stuttgart",
        source="barrierefreiheit-bw.de (Schlichtungsantrag); § 10b L-BGG",
    ),
    Land.BY: EnforcementBody(
        name="Durchsetzungs- und Überwachungsstelle am Landesamt für Digitalisierung, "
        "Breitband und Vermessung",
        url="https://www.finanzministerium.bayern/digitalisierung/barrierefreiheit/",
        source="finanzministerium.bayern (Digitale Barrierefreiheit); § 11 BayDiV",
    ),
    Land.BE: EnforcementBody(
        name="Landesbeauftragte für digitale Barrierefreiheit",
        url="https://www.berlin.de/lb/digitale-barrierefreiheit/aufgaben/"
        "durchsetzungsverfahren/durchsetzungsverfahren-1305830.php",
        source="berlin.de (Durchsetzungsverfahren); BIKTG Bln",
    ),
    Land.BB: EnforcementBody(
        name="Durchsetzungsstelle für digitale Barrierefreiheit bei der Landesbeauftragten "
        "für die Belange der Menschen mit Behinderungen",
        url="https://msgiv.brandenburg.de/msgiv/de/beauftragte/landesbehindertenbeauftragte/"
        "durchsetzungsstelle",
        email="durchsetzung.BIT@msgiv.brandenburg.de",
        source="msgiv.brandenburg.de (Durchsetzungsstelle); digitalesbb.de, 8 December 2020",
    ),
    Land.HB: EnforcementBody(
        name="Zentralstelle für barrierefreie Informationstechnik",
        url="https://www.behindertenbeauftragter.bremen.de/der_beauftragte/"
        "zentralstelle_fuer_barrierefreie_informationstechnik-28011",
        source="behindertenbeauftragter.bremen.de; §§ 15, 16 BremBGG",
    ),
    Land.HH: EnforcementBody(
        name="Schlichtungsstelle nach dem Hamburgischen Behindertengleichstellungsgesetz",
        url="https://www.hamburg.de/politik-und-verwaltung/behoerden/sozialbehoerde/themen/"
        "behinderung/schlichtungsstelle-behinderung/start-43312",
        source="hamburg.de (Schlichtungsstelle Barrierefreiheit, Öffentliche Rechtsauskunft)",
    ),
    Land.HE: EnforcementBody(
        name="Durchsetzungs- und Überwachungsstelle für barrierefreie IT des Landes Hessen",
        url="https://lbit.hessen.de/Durchsetzungs-und-Ueberwachungsstelle/"
        "Durchsetzungsverfahren-beantragen",
        source="lbit.hessen.de (Durchsetzungsverfahren beantragen); § 6 HVBIT",
    ),
    Land.NI: EnforcementBody(
        name="Schlichtungsstelle nach § 9d NBGG bei der Landesbeauftragten für Menschen "
        "mit Behinderungen",
        url="https://www.behindertenbeauftragte-niedersachsen.de/DE/Schlichtungsstelle/"
        "Schlichtungsverfahren/Aufgabe/Aufgabe_node.html",
        source="behindertenbeauftragte-niedersachsen.de; §§ 9b, 9d NBGG",
    ),
    Land.NW: EnforcementBody(
        name="Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        url="https://www.lbbp.nrw.de/ombudsstelle",
        email="ombudsstelle-barrierefreie-it@mags.nrw.de",
        source="lbbp.nrw.de (Ombudsstelle); it.nrw, 3 January 2020 (e-mail); §§ 10d, 10e BGG NRW",
    ),
    Land.RP: EnforcementBody(
        name="Durchsetzungsstelle bei der Landesbeauftragten für die Belange von Menschen "
        "mit Behinderungen",
        url="https://behindertenbeauftragte.rlp.de/landesbeauftragte/aufgaben-1",
        email="durchsetzungsstelle@mastd.rlp.de",
        source="behindertenbeauftragte.rlp.de (Aufgaben); BITV RP",
    ),
    Land.SL: EnforcementBody(
        name="Schlichtungsstelle nach dem Saarländischen Behindertengleichstellungsgesetz",
        email="inklusion@soziales.saarland.de",
        source="service.saarland.de (Erklärung zur Barrierefreiheit, 6 January 2025)",
    ),
    Land.SN: EnforcementBody(
        name="Landesbeauftragter für Inklusion der Menschen mit Behinderungen "
        "(Sächsische Staatskanzlei)",
        url="https://www.sk.sachsen.de/behindertenbeauftragter-der-saechsischen-staatsregierung.html",
        email="info.inklusionsbeauftragter@sk.sachsen.de",
        address="Archivstraße 1\n01097 Dresden",
        source="klimaschulen.sachsen.de (Erklärung zur Barrierefreiheit, 26 September 2024)",
    ),
    Land.ST: EnforcementBody(
        name="Ombudsstelle des Landes Sachsen-Anhalt bei der Landesfachstelle für Barrierefreiheit",
        url="https://www.lf-barrierefreiheit-st.de/ueber-uns/ombudsstelle",
        source="lf-barrierefreiheit-st.de (Ombudsstelle); § 16d BGG LSA",
    ),
    Land.SH: EnforcementBody(
        name="Beschwerdestelle für barrierefreie Informationstechnik beim Landesbeauftragten "
        "für Menschen mit Behinderung",
        url="https://www.landtag.ltsh.de/beauftragte/beschwerdestelle-fuer-barrieren/",
        source="landtag.ltsh.de (Beschwerdestelle); § 12e LBGG",
    ),
    Land.TH: EnforcementBody(
        name="Landesdurchsetzungsstelle für digitale Barrierefreiheit beim Landesbeauftragten "
        "für Menschen mit Behinderungen",
        url="https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle",
        source="tlmb-thueringen.de (Landesdurchsetzungsstelle)",
    ),
}
