"""English writes dates as Indonesian does here (config/formats/id/formats.py): day first, so an
English interface never reads 03/04/2025 as 4 March."""

from config.formats.id.formats import *  # noqa: F403
