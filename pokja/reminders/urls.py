"""The user's own pages: "Perlu tindakan" and the profile (tokens, digest)."""

from django.urls import path

from pokja.api import profile
from pokja.reminders import views

app_name = "reminders"

urlpatterns = [
    path("perlu-tindakan/", views.due_list, name="due_list"),
    path("perlu-tindakan/<int:pk>/tunda/", views.snooze, name="snooze"),
    path("profil/", profile.profile, name="profile"),
    path("profil/token/", profile.token_create, name="token_create"),
    path("profil/token/<str:key>/cabut/", profile.token_revoke, name="token_revoke"),
    path("profil/ringkasan-email/", profile.digest_preference, name="digest_preference"),
]
