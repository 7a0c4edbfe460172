"""The Kampung KB's record types on the kernel: its monthly profile and its activities, both
under the Kampung KB (/kampung-kb/12/profil/tambah/)."""

from kampungkb.forms import ActivityForm, ProfileForm
from kampungkb.models import Activity, KampungKB, Profile
from kampungkb.models.profiles import FAMILY_COUNTS, KB_METHODS, NOT_IN_KB, POKTAN, ROUTINES
from kampungkb.profile_months import open_existing_month
from pokja.kernel.records import Parent, RecordType

KAMPUNG = Parent(KampungKB, field="kampung", url="<int:pk>/", lookup="pk", kwarg="pk")

PROFILES = RecordType(
    "profil",
    Profile,
    ProfileForm,
    KAMPUNG,
    section="profil",
    detail_fields=(
        "period",
        "pokja_formed",
        "pokja_sk_signer",
        "pokja_trained",
        "pokja_members",
        "pokja_members_trained",
        "guide",
        "regulation_signer",
        "has_rkm",
        "data_sources",
        "funding_sources",
        "has_secretariat",
        "has_rumah_dataku",
        *(f"{p}_{suffix}" for p in POKTAN for suffix in ("active", "members")),
        *(f"routine_{r}" for r in ROUTINES),
        *FAMILY_COUNTS,
        *(f"kb_{m}" for m in KB_METHODS),
        *(f"not_kb_{r}" for r in NOT_IN_KB),
    ),
    # A month already entered opens that profile, never an empty form for it.
    before_create=open_existing_month,
    # The RKM is listed under "Document" beside the Pokja's SK.
    extra_files=(("rkm_document", "kampungkb:profile_rkm"),),
    # A profile feeds its Kampung KB's class of its year.
    provenance=("kampung-kb", lambda profile: (profile.kampung_id, profile.period.year)),
    offline_when_field="period",
    rules=("One profile per Kampung KB and month (`period`).",),
)
ACTIVITIES = RecordType(
    "kegiatan",
    Activity,
    ActivityForm,
    KAMPUNG,
    section="kegiatan",
    detail_fields=(
        "held_on",
        "place",
        "family_function",
        "target_group",
        "description",
        "agencies",
    ),
    offline_when_field="held_on",
)
RECORD_TYPES = [PROFILES, ACTIVITIES]
