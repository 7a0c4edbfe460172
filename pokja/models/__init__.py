from .accounts import User
from .regions import Region
from .system import WorkerHeartbeat

__all__ = ["Region", "User", "WorkerHeartbeat"]
