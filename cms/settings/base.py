"""Settings shared by every environment of the integration-concept site."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .environment import env_int

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "integration_check",
    "proposals",
    "oparl",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    # Background tasks (Wagtail 8 enqueues through django-tasks): run at once unless the
    # settings choose the database queue and its worker (production).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: times the whole request and writes one log line for it (cms.request_log).
    "cms.request_log.RequestLogMiddleware",
    # /healthz/ for the load balancer, answered before the host check and HTTPS redirect.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "integration_check.workflow_messages.WorkflowMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's redirects, but none to a proposal the reader may not read.
    "proposals.redirects.ProposalRedirectMiddleware",
    # Last, as django-axes asks: turns a lockout into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp). The public site runs no inline script or style (scripts
# are files in static/js/) and loads everything from its own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin gets a policy of its own (cms.middleware.ContentSecurityPolicyMiddleware):
# Wagtail 8 and wagtail-localize still write inline scripts (inline panels, date pickers, the
# translation editor) and style attributes, show images as data: and blob: URLs and preview
# pages in a frame of the admin.
WAGTAILADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
    }
}

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # ``settings.home.TownSettings``: the site's town, read per request.
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://...) selects another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: German is the source language of content and of the admin.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "collected-static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Login throttling (django-axes): AxesStandaloneBackend refuses every login of a locked
# out user and address before Django's backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Failures count per user name AND address: an attacker locks out only the names they try from
# their own address, never a user who signs in from elsewhere nor the colleagues behind the
# same address (a town hall's one outgoing address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Only failed attempts are stored (axes deletes them once the cool-off has passed), no log of
# every login.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "cms.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.login.client_ip_address"
# Behind a reverse proxy the client's address is in a header the proxy sets (e.g.
# X-Forwarded-For or X-Real-IP); read only when configured, as anyone can send that header.
# In a list (X-Forwarded-For) the client is the TRUSTED_PROXY_COUNT-th entry from the right:
# each proxy appends the address it received the request from.
TRUSTED_PROXY_IP_HEADER = os.environ.get("TRUSTED_PROXY_IP_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
WAGTAILADMIN_USER_LOGIN_FORM = "cms.login.AdminLoginForm"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Wagtail
# The admin serves every town's site: its name names none (each site's title is in its
# town settings, Einstellungen → Kommune und Kontakt).
WAGTAIL_SITE_NAME = "Integrationskonzept"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The import from a town's OParl endpoint (docs/oparl.md, "Import"): the largest attachment
# it downloads, the least time between two requests, each request's timeout, how often a
# request is repeated after 429/5xx/timeouts and the first wait (doubled each time).
OPARL_IMPORT_MAX_FILE_BYTES = WAGTAILDOCS_MAX_UPLOAD_SIZE
OPARL_IMPORT_MIN_INTERVAL = 0.5
OPARL_IMPORT_TIMEOUT = 30
OPARL_IMPORT_RETRIES = 4
OPARL_IMPORT_BACKOFF = 2.0
# Every download goes through Wagtail's serve view and its checks (proposals.documents),
# also with a storage that could hand out its own URLs; never as a plain media file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Rich text: Wagtail's Draftail editor, keeping text a client sent without the editor's JSON.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "home.rich_text.TolerantDraftailRichTextArea"}
}
# No avatars from gravatar.com: editors' e-mail hashes stay here and the admin's policy
# needs no other origin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Workflow: the final approval publishes without the approver needing publish permission,
# so nobody but site administrators can publish around the workflow.
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "integration_check.workflow_actions.publish_approved_workflow_state"
)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "vorlagen@steinfurt.example"
)
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Machine translation for wagtail-localize, only when configured by the environment:
# a self-hosted LibreTranslate (LIBRETRANSLATE_URL, optional LIBRETRANSLATE_API_KEY) or
# DeepL (DEEPL_AUTH_KEY). With neither, the site works and offers no machine translation.
if os.environ.get("LIBRETRANSLATE_URL"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": os.environ["LIBRETRANSLATE_URL"],
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }
elif os.environ.get("DEEPL_AUTH_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"]},
    }

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "vorlagen@steinfurt.example")

# Background tasks: at once, in the request's process, unless a setting below chooses a
# queue (cms.settings.production: the database queue, worked by ``manage.py db_worker``).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
