"""The floor of the metrics benchmark: the half-year report's figures written by hand in
SQL, the way someone who knows the schema would write them, with no engine in between.

Each query returns one row of figures for one subtree (`path`, the organisation's
materialized path, as a LIKE prefix) and one period; a query may answer several figures
at once (a count and its amount), as a hand-written report would. Derived figures
(rates) are combined from these in Python, as the engine combines its inputs.

The set covers every figure of the built-in half-year template whose ledger the benchmark
data set fills (bench/generate.py); the other figures of the template count empty
ledgers and cost next to nothing either way.
"""

# ruff: noqa: S608 — the SQL is this file's own text; every value is a parameter.

import datetime as dt
from decimal import Decimal

MEMBER_CATEGORIES = ("正式党员", "预备党员")
SUBTREE = "SELECT id FROM orgs_org WHERE path LIKE %(path)s"

# figure keys → SQL answering them, in the order of the keys.
QUERIES: dict[tuple[str, ...], str] = {
    ("training.classes",): f"""
        SELECT COUNT(*) FROM party_trainingclass
        WHERE level = '区级' AND start_date BETWEEN %(start)s AND %(end)s
          AND organizer_id IN ({SUBTREE})""",
    ("training.person_times",): f"""
        SELECT COUNT(*) FROM party_attendance a
        JOIN party_trainingclass c ON c.id = a.training_class_id
        WHERE c.level = '区级' AND c.start_date BETWEEN %(start)s AND %(end)s
          AND a.attendee_org_id IN ({SUBTREE})""",
    ("training.two_new.person_times",): f"""
        SELECT COUNT(*) FROM party_attendance a
        JOIN party_trainingclass c ON c.id = a.training_class_id
        WHERE c.audience = '两新组织' AND c.start_date BETWEEN %(start)s AND %(end)s
          AND a.attendee_org_id IN ({SUBTREE})""",
    ("members.count", "training.trained_members"): f"""
        SELECT COUNT(*),
               SUM(CASE WHEN EXISTS (
                   SELECT 1 FROM party_attendance a
                   JOIN party_trainingclass c ON c.id = a.training_class_id
                   WHERE a.member_id = h.member_id
                     AND c.start_date BETWEEN %(year_start)s AND %(end)s) THEN 1 ELSE 0 END)
        FROM party_memberhistory h
        WHERE h.valid_from <= %(end)s AND (h.valid_to IS NULL OR h.valid_to > %(end)s)
          AND h.category IN ('正式党员', '预备党员')
          AND h.org_id IN ({SUBTREE})""",
    ("tasks.listed",): f"""
        SELECT COUNT(*) FROM supervision_task
        WHERE plated_on BETWEEN %(start)s AND %(end)s AND lead_unit_id IN ({SUBTREE})""",
    ("investment.library.count", "investment.library.amount"): f"""
        SELECT COUNT(*), SUM(amount) FROM economy_investmentproject
        WHERE entered_on BETWEEN %(start)s AND %(end)s AND org_id IN ({SUBTREE})""",
    ("investment.signed.count", "investment.signed.amount"): f"""
        SELECT COUNT(*), SUM(amount) FROM economy_investmentproject
        WHERE org_id IN ({SUBTREE}) AND id IN (
            SELECT project_id FROM economy_stagechange
            WHERE stage = '签约' AND date BETWEEN %(start)s AND %(end)s)""",
    (
        "investment.key_negotiation.count",
        "investment.key_negotiation.amount",
        "investment.negotiating.count",
        "investment.negotiating.amount",
        "investment.tracking.count",
        "investment.tracking.amount",
    ): f"""
        SELECT SUM(CASE WHEN stage = '重点洽谈' THEN 1 ELSE 0 END),
               SUM(CASE WHEN stage = '重点洽谈' THEN amount END),
               SUM(CASE WHEN stage = '在谈' THEN 1 ELSE 0 END),
               SUM(CASE WHEN stage = '在谈' THEN amount END),
               SUM(CASE WHEN stage = '跟踪' THEN 1 ELSE 0 END),
               SUM(CASE WHEN stage = '跟踪' THEN amount END)
        FROM (
            SELECT p.amount, (
                SELECT s.stage FROM economy_stagechange s
                WHERE s.project_id = p.id AND s.date <= %(end)s
                ORDER BY s.date DESC, s.id DESC LIMIT 1) AS stage
            FROM economy_investmentproject p WHERE p.org_id IN ({SUBTREE})
        ) staged""",
    ("projects.industrial.count", "projects.industrial.investment"): f"""
        SELECT COUNT(*), SUM(total_investment) FROM economy_constructionproject
        WHERE category = '产业项目' AND plan_year = %(year)s AND org_id IN ({SUBTREE})""",
    (
        "livelihood.projects.count",
        "livelihood.projects.investment",
        "livelihood.projects.categories",
    ): f"""
        SELECT COUNT(*), SUM(total_investment), COUNT(DISTINCT livelihood_category)
        FROM economy_constructionproject
        WHERE category = '民生项目' AND plan_year = %(year)s AND org_id IN ({SUBTREE})""",
    ("community.registered",): f"""
        SELECT COUNT(DISTINCT member_id) FROM community_registration
        WHERE registered_on <= %(end)s AND community_id IN ({SUBTREE})""",
    ("community.commitments",): f"""
        SELECT COUNT(*) FROM community_commitment
        WHERE promised_on BETWEEN %(start)s AND %(end)s AND community_id IN ({SUBTREE})""",
    ("community.participations",): f"""
        SELECT COUNT(*) FROM community_participation
        WHERE date BETWEEN %(start)s AND %(end)s AND community_id IN ({SUBTREE})""",
    ("wishes.claimed", "wishes.members", "wishes.units"): f"""
        SELECT COUNT(*), COUNT(DISTINCT claimer_id), COUNT(DISTINCT claiming_unit_id)
        FROM community_wish
        WHERE status <> '待认领' AND claimed_on BETWEEN %(start)s AND %(end)s
          AND community_id IN ({SUBTREE})""",
    ("volunteer.teams",): f"""
        SELECT COUNT(*) FROM community_volunteerteam
        WHERE founded_on <= %(end)s AND org_id IN ({SUBTREE})""",
    ("volunteer.activities",): f"""
        SELECT COUNT(*) FROM community_volunteeractivity v
        JOIN community_volunteerteam t ON t.id = v.team_id
        WHERE v.date BETWEEN %(start)s AND %(end)s AND t.org_id IN ({SUBTREE})""",
}

# Derived figures: key → (numerator, denominator), a percentage.
RATES = {"training.coverage": ("training.trained_members", "members.count")}


def parameters(path: str, start: dt.date, end: dt.date) -> dict:
    return {
        "path": f"{path}%",
        "start": start,
        "end": end,
        "year_start": dt.date(end.year, 1, 1),
        "year": end.year,
    }


def figures(cursor, path: str, start: dt.date, end: dt.date) -> dict:
    """Every figure of QUERIES and RATES for the subtree at `path`."""
    params = parameters(path, start, end)
    found = {}
    for keys, sql in QUERIES.items():
        cursor.execute(sql, params)
        found.update(zip(keys, cursor.fetchone(), strict=True))
    for key, (numerator, denominator) in RATES.items():
        found[key] = percent(found[numerator], found[denominator])
    return found


def percent(part, whole):
    if not whole:
        return None
    return Decimal(part or 0) * 100 / Decimal(whole)


def keys() -> list[str]:
    """The template keys the floor answers (inputs of a rate only as part of it)."""
    answered = [key for group in QUERIES for key in group]
    return answered + list(RATES)


def same(engine_value, hand_value) -> bool:
    """Equal as figures: an empty sum is 0 either way, a rate to one decimal."""
    a, b = engine_value or 0, hand_value or 0
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return round(Decimal(str(a)), 1) == round(Decimal(str(b)), 1)
