"""Dates are typed day first in both languages (pokja.kernel.widgets.DateInput shows dd/mm/yyyy), so
an English interface must not read 03/04/2025 as 4 March. ISO dates stay accepted."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y", "%d %B %Y"]
