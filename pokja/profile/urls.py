"""The user's profile page: personal API tokens (created, shown once, revoked) and the digest."""

from django.urls import path

from pokja.profile import views

app_name = "profile"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/token/", views.token_create, name="token_create"),
    path("profil/token/<str:key>/cabut/", views.token_revoke, name="token_revoke"),
    path("profil/ringkasan-email/", views.digest_preference, name="digest_preference"),
]
