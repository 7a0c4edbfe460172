"""Top-level URLs: the portal, accounts, admin and the language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from pokja.forms import PortalAuthenticationForm
from pokja.password_reset import QueuedPasswordResetForm
from pokja.public.views import robots
from pokja.views.csp_report import csp_report
from pokja.views.health import admin_health, public_health
from pokja.views.offline import manifest, service_worker

admin.site.site_header = "Portal Pokja Bangga Kencana"
admin.site.site_title = "Portal Pokja Bangga Kencana"

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # "Lupa kata sandi": a reset link by e-mail, through Django's own views; the e-mail is
    # queued for every address alike (pokja/password_reset.py).
    path(
        "lupa-kata-sandi/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "lupa-kata-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "lupa-kata-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "lupa-kata-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The language switch works on the login page too.
    path("bahasa/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Health: a bare status for a load balancer, the detail for administrators.
    path("kesehatan/", public_health, name="health"),
    path("kesehatan/rinci/", admin_health, name="health_detail"),
    # Browsers report what the Content-Security-Policy blocked (logged, throttled).
    path("csp-laporan/", csp_report, name="csp_report"),
    path("api/v1/", include("pokja.api.urls")),
    # The public page and its open data: no login, no session (pokja/public/).
    path("publik/", include("pokja.public.urls")),
    path("robots.txt", robots, name="robots"),
    # The installable web app: the service worker's scope is the portal's root.
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", manifest, name="web_manifest"),
    path("", include("pokja.reminders.urls")),
    path("", include("pokja.profile.urls")),
    path("target/", include("targets.urls")),
    path("stunting/", include("stunting.urls")),
    path("kampung-kb/", include("kampungkb.urls")),
    path("", include("pokja.urls")),
]
handler403 = "pokja.views.errors.permission_denied"
handler404 = "pokja.views.errors.page_not_found"
