"""The PASS/MISS table every part of `make bench` prints (scripts/bench.py, bench_load.py,
bench_surge.py)."""


def print_table(rows) -> None:
    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'measure':<{width}}  {'measured':>14}  {'goal':>8}  result")
    print("-" * (width + 36))
    for label, measured, goal, passed in rows:
        result = "" if passed is None else ("PASS" if passed else "MISS")
        print(f"{label:<{width}}  {measured!s:>14}  {goal:>8}  {result}")
