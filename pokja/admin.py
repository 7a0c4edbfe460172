"""Django admin: accounts (the admins' daily tool) and the reference regions."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.admin import AuthTokenAdmin as KnoxAuthTokenAdmin
from knox.models import AuthToken

from pokja.kernel import policy
from pokja.models import (
    AssessmentRun,
    EffectiveTarget,
    ExportJob,
    PublicPageSetting,
    Region,
    User,
    WorkerHeartbeat,
)
from pokja.services.accounts import trail_explanation, user_has_trail

# The regions an account can be given (provincial staff: a province; coordinators: a kab/kota),
# in the order they are offered: provinces first, then kabupaten and kota, each by name.
ACCOUNT_REGION_RANK = Case(
    When(level=Region.Level.PROVINSI, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["^code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "user" and request.GET.get("field_name") == "region":
            # The account form's region picker offers the level the chosen role needs (the form
            # adds `role` to the search, static/js/admin_region_picker.js); without a role, the
            # 552 province and kab/kota regions, never the 91,599 villages.
            levels = policy.region_levels_for_role(request.GET.get("role", "")) or (
                Region.Level.PROVINSI,
                *Region.KABUPATEN_KOTA_LEVELS,
            )
            queryset = (
                queryset.filter(level__in=levels)
                .annotate(account_rank=ACCOUNT_REGION_RANK)
                .order_by("account_rank", "name", "code")
            )
        return queryset, duplicates


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "region"]


class PortalUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ["username", "get_full_name", "role", "region", "is_active", "last_login"]
    list_filter = ["role", "is_active", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "first_name", "last_name", "email", "region__code", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    class Media:
        js = ["js/admin_region_picker.js"]

    ordering = ["username"]
    actions = ["deactivate_users", "activate_users"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "position", "phone"]}),
        (_("Role and scope"), {"fields": ["role", "region", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "region",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_actions(self, request):
        # Deleting in bulk would bypass the explanation below; deactivating is the bulk action.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """An account that left a trail in the data is deactivated, not deleted: say so."""
        user = self.get_object(request, unquote(object_id))
        if user is not None and user_has_trail(user):
            self.message_user(request, trail_explanation(user), messages.ERROR)
            return redirect(reverse("admin:pokja_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "region" and formfield is not None:
            # Regions are reference data from Kemendagri: no add/edit/delete icons beside them.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    @admin.display(description=_("full name"))
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.action(description=_("Deactivate selected users"))
    def deactivate_users(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(
            request,
            ngettext("%d user deactivated.", "%d users deactivated.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Activate selected users"))
    def activate_users(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%d user activated.", "%d users activated.", count) % count,
            messages.SUCCESS,
        )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["task_name", "ran_at", "hostname", "detail"]
    list_filter = ["task_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """To see what the worker is writing and why an export failed; the file itself is
    downloaded by its owner only (pokja/views/exports.py), so it is not linked here."""

    list_display = ["filename", "owner", "status", "rows_done", "rows_total", "created_at"]
    list_filter = ["status", "export_format"]
    list_select_related = ["owner"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssessmentRun)
class AssessmentRunAdmin(admin.ModelAdmin):
    """The run log of the effectiveness engine (read only)."""

    list_display = [
        "queued_at",
        "trigger",
        "status",
        "scope_code",
        "years",
        "duration",
        "region_count",
        "change_count",
        "error_count",
    ]
    list_filter = ["trigger", "status"]
    date_hierarchy = "queued_at"

    @admin.display(description=_("errors"))
    def error_count(self, obj: AssessmentRun) -> int:
        return len(obj.errors)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EffectiveTarget)
class EffectiveTargetAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "target_count"]
    list_filter = ["year"]
    autocomplete_fields = ["region"]


@admin.register(PublicPageSetting)
class PublicPageSettingAdmin(admin.ModelAdmin):
    """Switch a province's public page off (and on again): docs/operations.md."""

    list_display = ["region", "is_published", "updated_at"]
    list_filter = ["is_published"]
    autocomplete_fields = ["region"]
    fields = ["region", "is_published"]


# knox's own admin announces a new token as "TOKEN <value>"; the same, in the admin's language.
admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(KnoxAuthTokenAdmin):
    def save_model(self, request, obj, form, change):
        # Skips knox's save_model (its English message), not the saving itself.
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        if change:
            return
        self.message_user(
            request,
            _("New token (shown only now; copy it): %(token)s") % {"token": form.token},
            messages.INFO,
        )
