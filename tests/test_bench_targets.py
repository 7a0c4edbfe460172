"""`make bench`'s target import fills each template as a user would: the import must accept it.

The bench broke once without any test noticing, when the import learned that a province's count
of effective Pokja includes its own Pokja (the workbook's province figure was the kab/kota sum).
"""

import pytest

from targets.devdata.bench import bench_import
from targets.models import ProvinceTarget


@pytest.mark.django_db
def test_the_bench_workbook_is_accepted_and_rolled_back():
    result = bench_import(province_codes=("63",))

    assert result["provinces"] == 1
    assert result["kabupaten_kota"] == 13
    assert not ProvinceTarget.objects.exists()
