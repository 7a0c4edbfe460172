"""The admin site every model registers on (django.contrib.admin's default site, swapped in by
PortalAdminConfig): Django's own admin, with one hole closed for every changelist.

Django filters the changelist by the POSTed `_selected_action` values before running an action
(`queryset.filter(pk__in=selected)`); a value that is not a key of the model (`abc` for an integer
key) raises ValueError there, a 500. The site wraps every registered admin class, the portal's
and the packages' (auth groups, django-axes, knox), so each answers such a request as Django
answers an empty selection: a warning and the changelist again, nothing changed.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class SelectionCheckingAdmin:
    """Refuses an action whose selection holds a value that is not a key of the model."""

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                key.get_prep_value(key.to_python(value))
        except (ValidationError, ValueError, TypeError):
            self.message_user(
                request,
                _("The selection names no record of this list. Nothing was changed."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class PortalAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SelectionCheckingAdmin):
            admin_class = type(
                admin_class.__name__,
                (SelectionCheckingAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class PortalAdminConfig(AdminConfig):
    default_site = "pokja.admin_site.PortalAdminSite"
