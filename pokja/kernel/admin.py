"""Django admin edits of records go through the same workflow as the web forms: the same
validation, status rules, lost-update check and history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from pokja.kernel import workflow


class WorkflowAdminMixin:
    """For a ModelAdmin of a verifiable record."""

    def save_model(self, request, obj, form, change):
        workflow.record_save(record=obj, user=request.user, reason="admin")

    def delete_model(self, request, obj):
        try:
            workflow.record_delete(record=obj, user=request.user)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
