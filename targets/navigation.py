"""The targets app's navbar links: targets and Rakerda for provincial staff, achievements for
coordinators (the policy decides who is which)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.registry import NavItem, registry
from pokja.kernel.years import current_year
from targets import policy as targets_policy


def _province_page(name: str, province_of):
    def url(user):
        code = province_of(user)
        return code and reverse(name, args=[code, current_year()])

    return url


registry.add_nav_item(
    NavItem(
        "targets",
        _("Targets"),
        _province_page("targets:index", targets_policy.managed_province_code),
        order=20,
    )
)
registry.add_nav_item(
    NavItem(
        "rakerda",
        _("Rakerda"),
        _province_page("targets:rakerda", targets_policy.managed_province_code),
        order=30,
    )
)
registry.add_nav_item(
    NavItem(
        "achievements",
        _("Achievements"),
        _province_page("targets:achievements", targets_policy.achievement_province_code),
        order=20,
    )
)
