from kampungkb.models.activities import Activity
from kampungkb.models.classes import MaturityClass
from kampungkb.models.kampung import KampungKB
from kampungkb.models.profiles import Profile

__all__ = ["Activity", "KampungKB", "MaturityClass", "Profile"]
