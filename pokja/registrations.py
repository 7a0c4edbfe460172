"""What the core app puts in the kernel's registry: its record types (pages and queue)."""

from pokja.kernel.registry import registry
from pokja.record_types import RECORD_TYPES

registry.add_record_types(*RECORD_TYPES)
