"""Reading an OParl endpoint over HTTP: politely, patiently and with bounded memory.

One :class:`Client` per import run. It keeps a least time between two requests
(``OPARL_IMPORT_MIN_INTERVAL``), gives every request a timeout (``OPARL_IMPORT_TIMEOUT``),
repeats a request that met 429, a 5xx status, a timeout or a broken connection up to
``OPARL_IMPORT_RETRIES`` times, waiting ``OPARL_IMPORT_BACKOFF`` seconds and twice as long
each time (or what the server's ``Retry-After`` asks, up to :data:`MAX_RETRY_AFTER`), and
reads no answer larger than a limit. Every failure is an :class:`OparlError` whose message
says in the user's language what went wrong and where.
"""

import email.utils
import tempfile
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

RETRY_STATUSES = {429, 500, 502, 503, 504}
#: The longest wait a server's ``Retry-After`` gets (seconds).
MAX_RETRY_AFTER = 300
#: The largest JSON answer read (one list page or object).
MAX_JSON_BYTES = 50 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = "integrationskonzept-oparl-import/1.0"


class OparlError(Exception):
    """A request or answer the import cannot use; ``str()`` is the message for the user."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class TooLarge(OparlError):
    pass


def check_url(url):
    """Raise :class:`OparlError` unless ``url`` is an absolute http(s) address."""
    parts = urlsplit(str(url or ""))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OparlError(
            _("„%(url)s“ ist keine gültige Adresse (erwartet: http:// oder https://).")
            % {"url": url}
        )


class Client:
    def __init__(self, *, log=None, sleep=time.sleep, session=None):
        self.min_interval = float(getattr(settings, "OPARL_IMPORT_MIN_INTERVAL", 0.5))
        self.timeout = float(getattr(settings, "OPARL_IMPORT_TIMEOUT", 30))
        self.retries = int(getattr(settings, "OPARL_IMPORT_RETRIES", 4))
        self.backoff = float(getattr(settings, "OPARL_IMPORT_BACKOFF", 2.0))
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.log = log or (lambda message: None)
        self.sleep = sleep
        self.requests = 0
        self._last = 0.0

    def close(self):
        self.session.close()

    def _wait_turn(self):
        pause = self._last + self.min_interval - time.monotonic()
        if pause > 0:
            self.sleep(pause)
        self._last = time.monotonic()

    def _retry_after(self, response, attempt):
        value = response.headers.get("Retry-After", "") if response is not None else ""
        if value.strip().isdecimal():
            return min(int(value), MAX_RETRY_AFTER)
        if value:
            when = email.utils.parsedate_to_datetime(value)
            if when is not None:
                return max(0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
        return self.backoff * (2**attempt)

    def _request(self, url, params=None, accept="application/json"):
        """GET ``url`` (streamed), repeating on 429/5xx/timeouts; return the response
        with a 2xx status or raise :class:`OparlError`."""
        check_url(url)
        attempt = 0
        while True:
            self._wait_turn()
            self.requests += 1
            response, error = None, None
            try:
                response = self.session.get(
                    url,
                    params=params,
                    timeout=self.timeout,
                    stream=True,
                    headers={"Accept": accept},
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                error = exc
            except requests.RequestException as exc:
                raise OparlError(
                    _("%(url)s ist nicht erreichbar: %(error)s") % {"url": url, "error": exc}
                ) from exc
            retry = error is not None or response.status_code in RETRY_STATUSES
            if retry and attempt < self.retries:
                wait = self._retry_after(response, attempt)
                if response is not None:
                    response.close()
                self.log(
                    _("%(url)s: %(problem)s; neuer Versuch in %(seconds)s s.")
                    % {
                        "url": url,
                        "problem": f"HTTP {response.status_code}"
                        if response is not None
                        else error,
                        "seconds": f"{wait:g}",
                    }
                )
                self.sleep(wait)
                attempt += 1
                continue
            if error is not None:
                raise OparlError(
                    _("%(url)s ist nicht erreichbar: %(error)s") % {"url": url, "error": error}
                ) from error
            if not 200 <= response.status_code < 300:
                response.close()
                raise OparlError(
                    _("%(url)s antwortet mit HTTP %(status)s.")
                    % {"url": url, "status": response.status_code},
                    status=response.status_code,
                )
            return response

    def _read(self, response, limit, url):
        declared = response.headers.get("Content-Length", "")
        if declared.isdecimal() and int(declared) > limit:
            response.close()
            raise self._too_large(url, limit)
        data = bytearray()
        try:
            for chunk in response.iter_content(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise self._too_large(url, limit)
        except requests.RequestException as exc:
            raise OparlError(
                _("%(url)s ist nicht erreichbar: %(error)s") % {"url": url, "error": exc}
            ) from exc
        finally:
            response.close()
        return bytes(data)

    @staticmethod
    def _too_large(url, limit):
        return TooLarge(
            _("Die Antwort von %(url)s ist größer als %(size)s.")
            % {"url": url, "size": filesizeformat(limit)}
        )

    def get_json(self, url, params=None):
        """Return the JSON object at ``url``."""
        response = self._request(url, params)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        body = self._read(response, MAX_JSON_BYTES, url)
        try:
            data = requests.compat.json.loads(body.decode(response.encoding or "utf-8"))
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise OparlError(
                _(
                    "%(url)s liefert kein JSON-Objekt, sondern „%(type)s“ (eine Webseite?). "
                    "Bitte die Adresse der OParl-Schnittstelle angeben."
                )
                % {"url": url, "type": content_type or "?"}
            )
        return data

    def iter_list(self, url, params=None):
        """Yield ``(page number, objects)`` for each page of the external list at ``url``,
        following ``links.next``. A page that cannot be read raises :class:`ListBroken`."""
        seen = set()
        number = 0
        next_url, next_params = url, params
        while next_url and next_url not in seen:
            seen.add(next_url)
            number += 1
            try:
                page = self.get_json(next_url, next_params)
            except OparlError as exc:
                raise ListBroken(number, exc) from exc
            data = page.get("data")
            if not isinstance(data, list):
                raise ListBroken(
                    number,
                    OparlError(
                        _("%(url)s liefert keine OParl-Liste (es fehlt „data“).")
                        % {"url": next_url}
                    ),
                )
            yield number, data
            links = page.get("links") if isinstance(page.get("links"), dict) else {}
            next_url, next_params = links.get("next"), None

    def download(self, url, limit):
        """Return a temporary file with the content at ``url`` (at most ``limit`` bytes, else
        :class:`TooLarge`)."""
        response = self._request(url, accept="*/*")
        declared = response.headers.get("Content-Length", "")
        if declared.isdecimal() and int(declared) > limit:
            response.close()
            raise self._too_large(url, limit)
        stream = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise self._too_large(url, limit)
                stream.write(chunk)
        except requests.RequestException as exc:
            stream.close()
            raise OparlError(
                _("%(url)s ist nicht erreichbar: %(error)s") % {"url": url, "error": exc}
            ) from exc
        except OparlError:
            stream.close()
            raise
        finally:
            response.close()
        stream.seek(0)
        return stream


class ListBroken(Exception):
    """A page of a list could not be read: the list ends early."""

    def __init__(self, page, error):
        super().__init__(str(error))
        self.page = page
        self.error = error
