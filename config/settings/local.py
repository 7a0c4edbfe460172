"""Settings for running the portal on a developer's or evaluator's machine (`make run`)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-only-insecure-key-never-use-in-production-9f3c2a"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Demo accounts and records, and the national benchmark generator: development only.
INSTALLED_APPS = [*INSTALLED_APPS, "pokja.devdata"]  # noqa: F405

# `make run`: e-mail (password reset, the reminder digest) lands as files in var/mail unless
# EMAIL_URL says otherwise.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")  # noqa: F405
