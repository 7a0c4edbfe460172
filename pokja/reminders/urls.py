"""The user's "Perlu tindakan" page."""

from django.urls import path

from pokja.reminders import views

app_name = "reminders"

urlpatterns = [
    path("perlu-tindakan/", views.due_list, name="due_list"),
    path("perlu-tindakan/<int:pk>/tunda/", views.snooze, name="snooze"),
]
