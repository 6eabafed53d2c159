"""The form to create or change a round."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenkracht.budgeting.forms.common import REQUIRED
from samenkracht.budgeting.models import BudgetRound
from samenkracht.budgeting.services.rounds import OFFERED_RULES, PHASE_FIELDS
from samenkracht.people.models import Neighbourhood


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# Dates far outside this range are typing mistakes, and the last day plus one would not exist.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)
DAY_OUT_OF_RANGE = _("Kies een datum tussen 2000 en 2200.")
# A ballot holds at most 500 choices (the API's limit); the stored fields are small integers.
PROJECTS_MAX = 500
POINTS_MAX = 10000
SUPPORTS_MAX = 100000


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        validators=[
            MinValueValidator(FIRST_DAY, message=DAY_OUT_OF_RANGE),
            MaxValueValidator(LAST_DAY, message=DAY_OUT_OF_RANGE),
        ],
        error_messages={"required": _("Kies een datum."), "invalid": _("Kies een datum.")},
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class NeighbourhoodChoices(forms.ModelMultipleChoiceField[Neighbourhood]):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.district.name})"


# The form fields that are the round's own fields, unchanged.
PLAIN_FIELDS = (
    "title",
    "description",
    "amount",
    "min_supports",
    "ballot_type",
    "min_projects",
    "max_projects",
    "points_total",
    "rule",
    "minimum_age",
    "allows_letter_codes",
)


class RoundForm(forms.Form):
    """Create or change a round; phases are whole days, voting ends at the end of its day."""

    title = forms.CharField(label=_("Titel"), max_length=150, error_messages={"required": REQUIRED})
    description = forms.CharField(
        label=_("Uitleg voor bewoners"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    amount = forms.DecimalField(
        label=_("Budget in euro"),
        min_value=Decimal("1"),
        max_digits=12,
        decimal_places=2,
        error_messages={"required": REQUIRED, "invalid": _("Vul een bedrag in, zoals 25000.")},
    )
    proposals_start = _date_field(_("Voorstellen indienen vanaf"))
    support_start = _date_field(
        _("Steun verzamelen vanaf"), _("Tot deze dag kunnen bewoners voorstellen indienen.")
    )
    feasibility_start = _date_field(_("Haalbaarheid toetsen vanaf"))
    voting_start = _date_field(_("Stemmen vanaf"))
    voting_last_day = _date_field(_("Laatste dag om te stemmen"))
    delivery_start = _date_field(_("Uitvoering vanaf"))
    min_supports = forms.IntegerField(
        label=_("Zoveel steun heeft een voorstel nodig"),
        min_value=0,
        max_value=SUPPORTS_MAX,
        initial=10,
    )
    ballot_type = forms.ChoiceField(
        label=_("Soort stembiljet"),
        choices=BudgetRound.BallotType.choices,
        widget=forms.RadioSelect,
        initial=BudgetRound.BallotType.KNAPSACK,
    )
    min_projects = forms.IntegerField(
        label=_("Minimaal aantal projecten op een stem"),
        min_value=0,
        max_value=PROJECTS_MAX,
        required=False,
    )
    max_projects = forms.IntegerField(
        label=_("Maximaal aantal projecten op een stem"),
        min_value=1,
        max_value=PROJECTS_MAX,
        required=False,
    )
    points_total = forms.IntegerField(
        label=_("Punten om te verdelen"),
        min_value=1,
        max_value=POINTS_MAX,
        required=False,
        help_text=_("Alleen bij het stembiljet ‘Punten verdelen’."),
    )
    rule = forms.ChoiceField(
        label=_("Manier van verdelen"),
        choices=[(rule.value, rule.label) for rule in OFFERED_RULES],
        widget=forms.RadioSelect,
        initial=BudgetRound.Rule.MES_COMPLETED,
        help_text=_(
            "Met de methode van gelijke delen krijgt ook een kleinere groep iets wat zij "
            "belangrijk vindt. Dit raden wij aan."
        ),
    )
    minimum_age = forms.IntegerField(
        label=_("Minimumleeftijd om mee te doen"), min_value=0, max_value=120, initial=16
    )
    allows_letter_codes = forms.BooleanField(
        label=_("Bewoners zonder account stemmen met een code uit een brief"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        neighbourhoods: list[Neighbourhood],
        current_rule: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # An imported election keeps its own rule (mes-add1 ...), which new rounds are not
        # offered: editing such a round must not force another rule on it.
        if current_rule and current_rule not in {rule.value for rule in OFFERED_RULES}:
            rule_field = self.fields["rule"]
            assert isinstance(rule_field, forms.ChoiceField)
            rule_field.choices = [
                *((rule.value, rule.label) for rule in OFFERED_RULES),
                (current_rule, BudgetRound.Rule(current_rule).label),
            ]
        field = NeighbourhoodChoices(
            queryset=Neighbourhood.objects.filter(pk__in=[n.pk for n in neighbourhoods])
            .select_related("district")
            .order_by("name"),
            label=_("Buurten"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Kies minstens één buurt.")},
        )
        self.fields["neighbourhoods"] = field
        self.order_fields(["title", "description", "neighbourhoods", "amount"])

    @staticmethod
    def initial_for(budget_round: BudgetRound) -> dict[str, Any]:
        values: dict[str, Any] = {field: getattr(budget_round, field) for field in PLAIN_FIELDS}
        for field in PHASE_FIELDS:
            if field != "voting_end":
                values[field] = timezone.localtime(getattr(budget_round, field)).date()
        last_moment = budget_round.voting_end - timedelta(microseconds=1)
        values["voting_last_day"] = timezone.localtime(last_moment).date()
        values["neighbourhoods"] = list(budget_round.neighbourhoods.all())
        return values

    def values(self) -> dict[str, Any]:
        """The cleaned data as the services take it."""
        data = dict(self.cleaned_data)
        values = {key: data[key] for key in PLAIN_FIELDS}
        values["neighbourhoods"] = list(data["neighbourhoods"])
        for field in PHASE_FIELDS:
            if field != "voting_end":
                values[field] = _start_of(data[field])
        values["voting_end"] = _start_of(data["voting_last_day"] + timedelta(days=1))
        return values
