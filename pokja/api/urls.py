"""/api/v1/: the router is built from the registry (every record type, then every registered
resource), so an app's records get endpoints by registering."""

from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from pokja.api import views
from pokja.api.docs import RedocView, SwaggerView
from pokja.api.provenance import ProvenanceView
from pokja.api.records import record_viewset
from pokja.kernel.registry import registry

app_name = "api"


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    router.include_root_view = True
    router.register("regions", views.RegionViewSet, basename="region")
    router.register("pokja", views.PokjaViewSet, basename="pokja")
    for record_type in registry.record_types.values():
        basename = record_type.name
        router.register(record_type.slug, record_viewset(record_type, basename), basename)
    router.register("assessments", views.AssessmentViewSet, basename="assessment")
    router.register("assessment-runs", views.AssessmentRunViewSet, basename="assessmentrun")
    for resource in registry.api_resources.values():
        router.register(resource.prefix, import_string(resource.viewset), resource.basename)
    return router


def _no_login_redirect(patterns):
    """DRF authenticates API requests itself (session or token) and answers 401/403; Django's
    LoginRequiredMiddleware would instead redirect a token request to the login page."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _no_login_redirect(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


urlpatterns = _no_login_redirect(
    [
        path(
            "effectiveness/<int:year>/",
            views.EffectivenessBulkView.as_view(),
            name="effectiveness-bulk",
        ),
        path("asal-angka/<slug:kind>/<path:ref>/", ProvenanceView.as_view(), name="provenance"),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
        path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
        path("", include(build_router().urls)),
    ]
)
