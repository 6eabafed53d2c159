"""A stored result in plain Dutch: why each project won or lost, and what it meant for you.

The numbers come from the allocation core (`ProjectResult`, kept in `RoundResult.projects`);
this module only turns them into sentences and chart rows for pages and the API.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenkracht.budgeting.models import BudgetRound, Proposal, RoundResult
from samenkracht.budgeting.text import euro, euro_at_least, euro_at_most, fraction_parse

MES_RULES = ("mes", "mes-add1", "mes-add1-full", "mes-add1-greedy")
CHART_WIDTH = 100  # the SVG's own units: bars are drawn as a share of this width
CHART_ROW_HEIGHT = 8


@dataclass(frozen=True)
class ProjectExplained:
    proposal: Proposal
    cost: Decimal
    supporters: int
    is_selected: bool
    is_selected_by_greedy: bool
    order: int | None  # 1-based position in which the rule chose it
    text: str
    bar_width: float  # supporters as a share of the most-chosen project, in CHART_WIDTH units
    y: float = 0.0  # where its label goes in the chart; the bar goes just below

    @property
    def cost_text(self) -> str:
        return euro(self.cost)

    @property
    def bar_y(self) -> float:
        return self.y + 4


@dataclass(frozen=True)
class SpendingBar:
    proposal: Proposal
    cost_text: str
    x: float
    width: float


@dataclass(frozen=True)
class ResultExplained:
    result: RoundResult
    rule_label: str
    rule_text: str
    projects: list[ProjectExplained]  # chosen first, in the order chosen; then the rest
    spending: list[SpendingBar]  # chosen projects side by side on a bar of the whole budget
    budget_text: str
    spent_text: str
    left_text: str
    spent_share: float
    only_this_rule: list[Proposal]
    only_greedy: list[Proposal]
    greedy_spent_text: str
    is_greedy: bool
    chart_height: int

    @property
    def winners(self) -> list[ProjectExplained]:
        return [row for row in self.projects if row.is_selected]


def rule_text(rule: str) -> str:
    """How the rule works, in two or three plain sentences."""
    if rule == BudgetRound.Rule.GREEDY:
        return _(
            "Het project met de meeste stemmen is eerst gekozen, daarna het volgende. "
            "Dat ging door zolang er genoeg geld was."
        )
    if rule == BudgetRound.Rule.PHRAGMEN:
        return _(
            "De stemmers van een project delen de kosten zo gelijk mogelijk. Steeds is het "
            "project gekozen dat het minst zwaar drukt op zijn stemmers."
        )
    text = _(
        "Iedere stemmer kreeg een even groot deel van het budget. Een project is gekozen als "
        "de mensen die het kozen, het samen konden betalen. Zo krijgt ook een kleinere groep "
        "iets wat zij belangrijk vindt."
    )
    if rule == BudgetRound.Rule.MES_COMPLETED:
        text += " " + _(
            "Geld dat daarna over was, ging naar de projecten met de meeste stemmen die nog pasten."
        )
    return text


def _money(data: dict[str, Any], key: str) -> Fraction | None:
    return fraction_parse(data.get(key))


def project_text(*, rule: str, data: dict[str, Any]) -> str:
    """Why one project won or lost, from its stored numbers."""
    supporters = int(data.get("supporters") or 0)
    votes = ngettext("%(count)d stemmer", "%(count)d stemmers", supporters) % {"count": supporters}
    cost = _money(data, "cost")
    if data.get("selected"):
        if data.get("by_completion"):
            return _(
                "Gekozen bij de aanvulling: na de eerlijke verdeling was er nog geld over, en "
                "dit project paste daarin. %(votes)s kozen het."
            ) % {"votes": votes}
        payers, max_payment = data.get("payers"), _money(data, "max_payment")
        if payers and max_payment is not None:
            return ngettext(
                "Gekozen: %(count)d stemmer betaalde hoogstens %(amount)s.",
                "Gekozen: %(count)d stemmers betaalden elk hoogstens %(amount)s.",
                int(payers),
            ) % {"count": int(payers), "amount": euro_at_most(max_payment)}
        if data.get("rank"):
            return _(
                "Gekozen: %(votes)s kozen het (plaats %(rank)d), en het paste nog in het budget."
            ) % {"votes": votes, "rank": int(data["rank"])}
        return _("Gekozen: %(votes)s kozen dit project.") % {"votes": votes}
    if supporters == 0:
        return _("Niet gekozen: niemand koos dit project.")
    left = _money(data, "supporters_left")
    if left is not None and cost is not None and rule in MES_RULES:
        return _(
            "Niet gekozen: de voorstanders hadden samen nog %(left)s, het kostte %(cost)s."
        ) % {
            "left": euro_at_least(left),
            "cost": euro(cost),
        }
    if data.get("rank"):
        return _(
            "Niet gekozen: %(votes)s kozen het (plaats %(rank)d), maar er was niet genoeg geld "
            "meer over."
        ) % {"votes": votes, "rank": int(data["rank"])}
    return _("Niet gekozen: %(votes)s kozen het, maar het paste niet meer in het budget.") % {
        "votes": votes
    }


def result_explain(
    *, budget_round: BudgetRound, result: RoundResult, proposals: list[Proposal]
) -> ResultExplained:
    """Turn a stored result into rows, sentences and chart geometry."""
    by_pk = {p.pk: p for p in proposals}
    selected = [pk for pk in result.selected if pk in by_pk]
    greedy = set(result.greedy_selected)
    order = {pk: number for number, pk in enumerate(selected, start=1)}
    most = max((int(d.get("supporters") or 0) for d in result.projects.values()), default=0) or 1
    rows = []
    for proposal in proposals:
        data = result.projects.get(str(proposal.pk), {})
        supporters = int(data.get("supporters") or 0)
        rows.append(
            ProjectExplained(
                proposal=proposal,
                cost=proposal.cost,
                supporters=supporters,
                is_selected=proposal.pk in order,
                is_selected_by_greedy=proposal.pk in greedy,
                order=order.get(proposal.pk),
                text=project_text(rule=result.rule, data=data),
                bar_width=round(CHART_WIDTH * supporters / most, 2),
            )
        )
    rows.sort(
        key=lambda row: (row.order is None, row.order or 0, -row.supporters, row.proposal.title)
    )
    rows = [replace(row, y=CHART_ROW_HEIGHT * number) for number, row in enumerate(rows)]
    budget = result.budget or budget_round.amount
    spending = []
    x = 0.0
    for pk in selected:
        width = round(float(by_pk[pk].cost / budget) * CHART_WIDTH, 2) if budget else 0.0
        spending.append(
            SpendingBar(proposal=by_pk[pk], cost_text=euro(by_pk[pk].cost), x=x, width=width)
        )
        x = round(x + width, 2)
    return ResultExplained(
        result=result,
        rule_label=str(BudgetRound.Rule(result.rule).label)
        if result.rule in BudgetRound.Rule.values
        else result.rule,
        rule_text=rule_text(result.rule),
        projects=rows,
        spending=spending,
        budget_text=euro(budget),
        spent_text=euro(result.spent),
        left_text=euro(budget - result.spent),
        spent_share=round(float(result.spent / budget) * CHART_WIDTH, 2) if budget else 0.0,
        only_this_rule=[by_pk[pk] for pk in selected if pk not in greedy],
        only_greedy=[by_pk[pk] for pk in result.greedy_selected if pk in by_pk and pk not in order],
        greedy_spent_text=euro(result.greedy_spent),
        is_greedy=result.rule == BudgetRound.Rule.GREEDY,
        chart_height=CHART_ROW_HEIGHT * max(len(rows), 1),
    )


def voter_text(*, chosen: list[int], selected: list[int]) -> str:
    """What the result means for one voter: how many of their projects are carried out."""
    funded = len(set(chosen) & set(selected))
    if len(chosen) == 1:
        if funded:
            return _("Het project dat u koos, wordt uitgevoerd.")
        return _("Het project dat u koos, wordt niet uitgevoerd.")
    return _("%(funded)d van de %(total)d projecten die u koos, worden uitgevoerd.") % {
        "funded": funded,
        "total": len(chosen),
    }
