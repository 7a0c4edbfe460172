from pokja.kernel.accounts import User
from pokja.kernel.kept_uploads import KeptUpload
from pokja.kernel.regions import Region
from pokja.kernel.submissions import SubmissionKey

from .effectiveness import (
    Assessment,
    AssessmentChange,
    AssessmentRun,
    EffectiveTarget,
)
from .evidence import (
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    VerifiableRecord,
    WorkPlan,
    WorkPlanActivity,
)
from .exports import ExportJob
from .programs import AdvocacyActivity, GdpkDocument
from .public import PublicPageSetting
from .system import WorkerHeartbeat
from .working_groups import Member, Pokja, WorkingGroup

__all__ = [
    "AdvocacyActivity",
    "GdpkDocument",
    "Assessment",
    "AssessmentChange",
    "AssessmentRun",
    "EffectiveTarget",
    "ExportJob",
    "BudgetAllocation",
    "Decree",
    "DocumentIndicator",
    "IndicatorDocument",
    "KeptUpload",
    "Member",
    "Pokja",
    "PublicPageSetting",
    "Region",
    "SubmissionKey",
    "User",
    "VerifiableRecord",
    "WorkerHeartbeat",
    "WorkingGroup",
    "WorkPlan",
    "WorkPlanActivity",
]
