"""The ballot, and the forms around voting: codes, receipts, help and letters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.budgeting.models import BudgetRound, Proposal
from samenkracht.budgeting.text import euro
from samenkracht.people.models import User


class VotingCodeForm(forms.Form):
    code = forms.CharField(
        label=_("De code uit uw brief"),
        max_length=30,
        help_text=_("Bijvoorbeeld KX7M-PQ4A-9TRE. Kleine letters en spaties mogen ook."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={"required": _("Vul de code uit uw brief in.")},
    )


class ReceiptCheckForm(forms.Form):
    receipt = forms.CharField(
        label=_("Uw ontvangstcode"),
        max_length=30,
        error_messages={"required": _("Vul uw ontvangstcode in.")},
    )


class ResidentChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        place = obj.neighbourhood.name if obj.neighbourhood else ""
        return f"{obj.full_name or obj.username} ({place})"


class ResidentsChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        place = obj.neighbourhood.name if obj.neighbourhood else ""
        return f"{obj.full_name or obj.username} ({place})"


class AssistForm(forms.Form):
    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"] = ResidentChoiceField(
            queryset=residents,
            label=_("Voor wie stemt u mee?"),
            empty_label=_("Kies de bewoner"),
            error_messages={
                "required": _("Kies de bewoner."),
                "invalid_choice": _("Kies een bewoner uit de lijst."),
            },
        )


class LettersForm(forms.Form):
    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residents"] = ResidentsChoiceField(
            queryset=residents,
            label=_("Voor wie maakt u een brief?"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Kies minstens één bewoner.")},
        )


class BallotForm(forms.Form):
    """The ballot: tick projects, give them points, or put them in order.

    Built from the projects on the ballot; `choices()` gives them as the services take them.
    """

    def __init__(
        self, *args: Any, budget_round: BudgetRound, proposals: list[Proposal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.budget_round = budget_round
        self.proposals = proposals
        kind = budget_round.ballot_type
        if kind in (BudgetRound.BallotType.APPROVAL, BudgetRound.BallotType.KNAPSACK):
            self.fields["projects"] = forms.MultipleChoiceField(
                choices=[(str(p.pk), p.title) for p in proposals],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Kies projecten van het stembiljet.")},
            )
        elif kind == BudgetRound.BallotType.CUMULATIVE:
            for proposal in proposals:
                self.fields[f"points_{proposal.pk}"] = forms.IntegerField(
                    label=_("Punten voor %(title)s") % {"title": proposal.title},
                    required=False,
                    min_value=0,
                    max_value=budget_round.points_total or 1,
                )
        else:
            places = [("", _("Geen plaats"))] + [
                (str(number), str(number)) for number in range(1, len(proposals) + 1)
            ]
            for proposal in proposals:
                self.fields[f"place_{proposal.pk}"] = forms.ChoiceField(
                    label=_("Plaats voor %(title)s") % {"title": proposal.title},
                    choices=places,
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.budget_round.ballot_type == BudgetRound.BallotType.RANKING:
            places = [data.get(f"place_{p.pk}") for p in self.proposals]
            chosen = [place for place in places if place]
            if len(chosen) != len(set(chosen)):
                raise forms.ValidationError(_("Twee projecten hebben dezelfde plaats."))
        return data

    def choices(self) -> list[tuple[int, int | None]]:
        data = self.cleaned_data
        kind = self.budget_round.ballot_type
        if kind in (BudgetRound.BallotType.APPROVAL, BudgetRound.BallotType.KNAPSACK):
            chosen = {int(pk) for pk in data.get("projects", [])}
            return [(p.pk, None) for p in self.proposals if p.pk in chosen]
        if kind == BudgetRound.BallotType.CUMULATIVE:
            return [
                (p.pk, data[f"points_{p.pk}"]) for p in self.proposals if data.get(f"points_{p.pk}")
            ]
        ranked = sorted(
            (int(data[f"place_{p.pk}"]), p.pk) for p in self.proposals if data.get(f"place_{p.pk}")
        )
        return [(pk, None) for _place, pk in ranked]

    @staticmethod
    def data_for(
        budget_round: BudgetRound, choices: list[tuple[int, int | None]]
    ) -> dict[str, Any]:
        """Form data that shows earlier choices again (to change a vote, or go back)."""
        kind = budget_round.ballot_type
        if kind in (BudgetRound.BallotType.APPROVAL, BudgetRound.BallotType.KNAPSACK):
            return {"projects": [str(pk) for pk, _points in choices]}
        if kind == BudgetRound.BallotType.CUMULATIVE:
            return {f"points_{pk}": points for pk, points in choices}
        return {f"place_{pk}": str(number) for number, (pk, _points) in enumerate(choices, 1)}

    def rows(self) -> list[dict[str, Any]]:
        """One row per project for the template: the project and its own field."""
        kind = self.budget_round.ballot_type
        rows = []
        selected = set(self["projects"].value() or []) if "projects" in self.fields else set()
        for proposal in self.proposals:
            row: dict[str, Any] = {"proposal": proposal, "cost": euro(proposal.cost)}
            if kind == BudgetRound.BallotType.CUMULATIVE:
                row["field"] = self[f"points_{proposal.pk}"]
            elif kind == BudgetRound.BallotType.RANKING:
                row["field"] = self[f"place_{proposal.pk}"]
            else:
                row["is_checked"] = str(proposal.pk) in selected
            rows.append(row)
        return rows
