"""Tokens in Django admin: knox registers AuthToken (admins see each token's owner, creation and
expiry, and revoke by deleting); the name is shown beside it."""

from django.contrib import admin

from pokja.api.models import TokenName


@admin.register(TokenName)
class TokenNameAdmin(admin.ModelAdmin):
    list_display = ("name", "token__user", "token__created", "token__expiry")
    search_fields = ("name", "token__user__username")
    readonly_fields = ("token", "name")
