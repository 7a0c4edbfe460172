"""The portal's list pages (URL names in the `pokja` namespace): the "Daftar" menu's lists and
the verification queue. Tests that every list must pass run over these."""

LIST_PAGES = [
    "decree_list",
    "workplan_list",
    "indicatordocument_list",
    "budgetallocation_list",
    "workplan_gap_list",
    "verification_queue",
    "gdpk_list",
]
