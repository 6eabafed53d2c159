"""Forms of the matching app; every label and message in plain Dutch (B1)."""

from samenkracht.matching.forms.common import (
    EXPIRY_CHOICES,
    NO_HTML,
    ONCE,
    RECURRING,
    SharedPageForm,
    reject_html,
    text_field,
)
from samenkracht.matching.forms.contacts import (
    ContactRequestForm,
    MessageForm,
    OutcomeForm,
    OutcomeHoursForm,
    ReportForm,
)
from samenkracht.matching.forms.editing import ListingEditForm
from samenkracht.matching.forms.overviews import (
    MINIMUM_SCORE_CHOICES,
    DeskFilterForm,
    DigestPreferenceForm,
    IntroduceForm,
    ListingFilterForm,
)
from samenkracht.matching.forms.posting import (
    CHECK_STEP,
    FLOW_FIELDS,
    DetailsForm,
    TopCategoryForm,
    WhenWhereForm,
    availability_labels,
)

__all__ = [
    "CHECK_STEP",
    "EXPIRY_CHOICES",
    "FLOW_FIELDS",
    "MINIMUM_SCORE_CHOICES",
    "NO_HTML",
    "ONCE",
    "RECURRING",
    "ContactRequestForm",
    "DeskFilterForm",
    "DetailsForm",
    "DigestPreferenceForm",
    "IntroduceForm",
    "ListingEditForm",
    "ListingFilterForm",
    "MessageForm",
    "OutcomeForm",
    "OutcomeHoursForm",
    "ReportForm",
    "SharedPageForm",
    "TopCategoryForm",
    "WhenWhereForm",
    "availability_labels",
    "reject_html",
    "text_field",
]
