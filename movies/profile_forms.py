"""Forms of Settings → Profiles: a new profile, and a profile's qualities, cutoff, format
scores and upgrade settings (items kept in Radarr's JSON shape, stored worst first)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict

from movies.formats.scores import SCORE_LIMIT, profile_scores, save_profile_scores
from movies.models import CustomFormat, QualityDefinition, QualityProfile
from movies.quality import BY_ID


class NewProfileForm(forms.Form):
    """Add a profile, optionally starting from an existing one."""

    name = forms.CharField(max_length=100)
    based_on = forms.ModelChoiceField(
        QualityProfile.objects.all(), required=False, empty_label="Any quality (new)"
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if QualityProfile.objects.filter(name__iexact=name).exists():
            raise ValidationError("A profile with this name already exists.")
        return name


def item_key(item: dict) -> str:
    """A stable form key of a profile item: "q7" for a quality, "g1000" for a group."""
    return f"g{item['id']}" if "items" in item else f"q{item['quality']}"


def item_name(item: dict, titles: dict[int, str]) -> str:
    if "items" in item:
        return item["name"]
    quality = BY_ID.get(item["quality"])
    return titles.get(item["quality"]) or (quality.name if quality else f"#{item['quality']}")


def quality_titles() -> dict[int, str]:
    return dict(QualityDefinition.objects.values_list("quality_id", "title"))


def cutoff_name(profile: QualityProfile, titles: dict[int, str]) -> str:
    """The profile's cutoff as the page names it, from titles read once for every profile."""
    for item in profile.items:
        place = item.get("id") if "items" in item else item.get("quality")
        if place == profile.cutoff:
            return item_name(item, titles)
    return "?"


def score_key(format_id: int) -> str:
    return f"score_{format_id}"


def _is_score(name: str) -> bool:
    return name.startswith("score_") or name in ProfileForm.THRESHOLDS


def score_field(label: str, help_text: str, *, min_value: int = -SCORE_LIMIT, initial: int = 0):
    """A custom format score input; empty means "keep what is stored"."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=min_value,
        max_value=SCORE_LIMIT,
        initial=initial,
        widget=forms.NumberInput(attrs={"step": "1", "class": "score"}),
        error_messages={
            "min_value": f"{label} must be at least %(limit_value)s.",
            "max_value": f"{label} must be at most %(limit_value)s.",
            "invalid": f"{label}: enter a whole number.",
        },
    )


class ProfileForm(forms.Form):
    """Edit a profile: name, upgrades, cutoff and the ordered, allowed items.

    The items arrive as `order` (every item key, best first, as the page lists them) and
    `allowed` (the checked keys); the profile stores them worst first, Radarr's order.
    "Upgrade until" offers only the allowed items: a cutoff that is never wanted means
    nothing. `preview()` builds the unsaved state (after a move or a checkbox change) as
    an unbound form, so the page shows it without validation errors.

    Custom format scores: the profile thresholds (with the minimum reputation) and one
    `score_<format id>` input per custom format (default 0). A score input missing from
    the post (an older page, a format added meanwhile) keeps what is stored.
    """

    name = forms.CharField(max_length=100)
    upgrade_allowed = forms.BooleanField(required=False, label="Upgrades allowed")
    cutoff = forms.TypedChoiceField(
        coerce=int,
        label="Upgrade until",
        error_messages={"invalid_choice": "The cutoff must be one of the allowed qualities."},
    )
    # The checked item keys. The page draws the checkboxes itself (one per table row); this
    # field carries the items' errors, shown above the table rather than on the cutoff.
    allowed = forms.MultipleChoiceField(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Allow at least one quality."},
    )
    min_format_score = score_field(
        "Minimum custom format score", "Releases scoring below this are rejected."
    )
    cutoff_format_score = score_field(
        "Upgrade until custom format score",
        "Once the file reaches the cutoff quality and this score, upgrades stop.",
    )
    min_upgrade_format_score = score_field(
        "Minimum custom format score increment",
        "An upgrade must raise the score by at least this much.",
        min_value=1,
    )

    # Scene-group reputation (issue 7): kept like the score thresholds (empty = stored).
    minimum_reputation = forms.IntegerField(
        label="Minimum release group reputation",
        help_text="0-100. Releases from a group known, confidently, to score below this "
        "are rejected; unknown groups never are. 0 = off.",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "Minimum reputation must be between 0 and 100.",
            "max_value": "Minimum reputation must be between 0 and 100.",
            "invalid": "Minimum reputation: enter a whole number.",
        },
    )

    THRESHOLDS = (
        "min_format_score",
        "cutoff_format_score",
        "min_upgrade_format_score",
        "minimum_reputation",
    )

    def __init__(
        self, *args, profile: QualityProfile, items: list[dict] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        self._bad_order = False
        if self.is_bound:
            self.items = self._posted_items()
        else:
            self.items = list(profile.items if items is None else items)
        titles = quality_titles()
        self.fields["allowed"].choices = [(item_key(item), item_key(item)) for item in self.items]
        self.fields["cutoff"].choices = [
            (item["id"] if "items" in item else item["quality"], item_name(item, titles))
            for item in reversed(self.items)
            if item["allowed"]
        ]
        self.stored_scores = profile_scores(profile) if profile.pk else {}
        self.custom_formats = list(CustomFormat.objects.all())
        for custom_format in self.custom_formats:
            self.fields[score_key(custom_format.pk)] = score_field(
                custom_format.name, "", initial=self.stored_scores.get(custom_format.pk, 0)
            )
        for name in self.THRESHOLDS:
            self.fields[name].initial = getattr(profile, name)

    @property
    def error_count(self) -> int:
        """How many problems the error summary at the top of the page lists."""
        return sum(len(errors) for errors in self.errors.values())

    @classmethod
    def preview(cls, data: QueryDict, profile: QualityProfile) -> ProfileForm:
        """The posted, unsaved state (order, allowed, move applied) to show again."""
        posted = cls(data, profile=profile)
        initial = {
            "name": data.get("name", profile.name),
            "upgrade_allowed": bool(data.get("upgrade_allowed")),
            "cutoff": data.get("cutoff", profile.cutoff),
        }
        # Typed scores survive a move; absent ones fall back to the fields' stored initial.
        initial.update(
            {name: data[name] for name in posted.fields if name in data and _is_score(name)}
        )
        return cls(profile=profile, items=posted.items, initial=initial)

    def _posted_items(self) -> list[dict]:
        by_key = {item_key(item): item for item in self.profile.items}
        order = self.data.getlist("order")
        allowed = set(self.data.getlist("allowed"))
        if sorted(order) != sorted(by_key):
            # A stale or forged form: keep the stored order rather than lose qualities.
            self._bad_order = True
            order = [item_key(item) for item in reversed(self.profile.items)]
        items = [{**by_key[key], "allowed": key in allowed} for key in reversed(order)]
        move = self.data.get("move", "")
        if move:
            items = move_item(items, move)
        return items

    def clean(self) -> dict:
        cleaned = super().clean()
        if self._bad_order:
            raise ValidationError("The list of qualities changed; reload the page and try again.")
        if not any(item["allowed"] for item in self.items):
            # With nothing allowed "Upgrade until" has no choices; the items say why.
            self.errors.pop("cutoff", None)
            cleaned.pop("cutoff", None)
        self._clean_scores(cleaned)
        if "name" in cleaned:
            clash = QualityProfile.objects.filter(name__iexact=cleaned["name"].strip())
            if clash.exclude(pk=self.profile.pk).exists():
                self.add_error("name", "A profile with this name already exists.")
        candidate = QualityProfile(
            pk=self.profile.pk,
            name=cleaned.get("name", self.profile.name),
            upgrade_allowed=cleaned.get("upgrade_allowed", False),
            cutoff=cleaned.get("cutoff", self.profile.cutoff),
            items=self.items,
        )
        try:
            candidate.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field == "cutoff" and "cutoff" not in cleaned:
                    continue  # the cutoff field already says so
                if field == "items":
                    said = self.errors.get("allowed", [])
                    messages = [m for m in messages if m not in said]
                    if messages:
                        self.add_error("allowed", messages)
                    continue
                self.add_error("cutoff" if field == "cutoff" else None, messages)
        return cleaned

    def _clean_scores(self, cleaned: dict) -> None:
        for name in self.THRESHOLDS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = getattr(self.profile, name)
        for custom_format in self.custom_formats:
            key = score_key(custom_format.pk)
            if cleaned.get(key) is None and key not in self.errors:
                cleaned[key] = self.stored_scores.get(custom_format.pk, 0)
        low, high = cleaned.get("min_format_score"), cleaned.get("cutoff_format_score")
        if cleaned.get("upgrade_allowed") and None not in (low, high) and high < low:
            self.add_error(
                "cutoff_format_score",
                "Upgrade until score must be at least the minimum custom format score.",
            )

    def save(self) -> QualityProfile:
        profile = self.profile
        profile.name = self.cleaned_data["name"].strip()
        profile.upgrade_allowed = self.cleaned_data["upgrade_allowed"]
        profile.cutoff = self.cleaned_data["cutoff"]
        profile.items = self.items
        for name in self.THRESHOLDS:
            setattr(profile, name, self.cleaned_data[name])
        with transaction.atomic():
            profile.save()
            save_profile_scores(
                profile,
                {cf.pk: self.cleaned_data[score_key(cf.pk)] for cf in self.custom_formats},
            )
        return profile

    def score_rows(self) -> list[forms.BoundField]:
        """One score input per custom format, in name order (labelled with the name)."""
        return [self[score_key(cf.pk)] for cf in self.custom_formats]

    def item_rows(self) -> list[dict]:
        """The items best first, as the page lists them."""
        titles = quality_titles()
        return [
            {"key": item_key(item), "name": item_name(item, titles), "allowed": item["allowed"]}
            for item in reversed(self.items)
        ]


def move_item(items: list[dict], move: str) -> list[dict]:
    """Apply "up:<key>" or "down:<key>" to items stored worst first (up = towards better)."""
    direction, _, key = move.partition(":")
    keys = [item_key(item) for item in items]
    if key not in keys or direction not in {"up", "down"}:
        return items
    index = keys.index(key)
    target = index + 1 if direction == "up" else index - 1
    if not 0 <= target < len(items):
        return items
    items = list(items)
    items[index], items[target] = items[target], items[index]
    return items
