"""The targets app's navbar links: targets and Rakerda for provincial staff, achievements for
coordinators (the policy decides who is which)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel import policy
from pokja.kernel.registry import NavItem, registry
from pokja.kernel.years import current_year


def _province_page(name: str, province_of):
    def url(user):
        code = province_of(user)
        return code and reverse(name, args=[code, current_year()])

    return url


registry.add_nav_item(
    NavItem(
        "targets",
        _("Targets"),
        _province_page("targets:index", policy.managed_province_code),
        order=20,
    )
)
registry.add_nav_item(
    NavItem(
        "rakerda",
        _("Rakerda"),
        _province_page("targets:rakerda", policy.managed_province_code),
        order=30,
    )
)
registry.add_nav_item(
    NavItem(
        "achievements",
        _("Achievements"),
        _province_page("targets:achievements", policy.achievement_province_code),
        order=20,
    )
)
