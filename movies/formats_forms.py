"""Forms of Settings → Custom Formats: the format editor with its condition rows, and import.

The editor works without JavaScript: each condition row has a fixed kind and shows only
that kind's inputs; "Add condition" (with the kind chosen in `add_kind`) and a row's "Remove"
post the form and get it back unsaved (`FormatEditor.preview`); "Save" validates every
row through movies.formats.specs.
Rows are prefixed c0, c1 ... and counted by the hidden `rows` input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from movies.formats import enums
from movies.formats.specs import SPECIFICATIONS, build_checked
from movies.models import CustomFormat

MAX_ROWS = 50
KIND_CHOICES = [(impl, cls.label) for impl, cls in SPECIFICATIONS.items()]
REGEX_KINDS = {"ReleaseTitleSpecification", "ReleaseGroupSpecification", "EditionSpecification"}
CHOICE_KINDS: dict[str, list[tuple[int, str]]] = {
    # Radarr's display names (WEBDL, Blu-ray, Remux), not the parser's words.
    "SourceSpecification": list(enums.SOURCE_LABELS.items()),
    "ResolutionSpecification": [(r, f"{r}p") for r in enums.RESOLUTIONS],
    "QualityModifierSpecification": list(enums.MODIFIER_LABELS.items()),
    "LanguageSpecification": sorted(
        ((n, label) for n, (_name, label) in enums.LANGUAGES.items()),
        key=lambda c: (c[0] >= 0, c[1]),
    ),
    "IndexerFlagSpecification": list(enums.INDEXER_FLAGS.items()),
}
RANGE_KINDS = {"SizeSpecification": "GB", "YearSpecification": "year"}


def _value_fields(implementation: str) -> dict[str, forms.Field]:
    """The inputs one kind of condition needs, keyed by the guide's field names."""
    if implementation in REGEX_KINDS:
        return {
            "value": forms.CharField(
                label="Regular expression", max_length=2000, strip=False,
                widget=forms.TextInput(attrs={"size": 50, "spellcheck": "false"}),
            )
        }  # fmt: skip
    if implementation in CHOICE_KINDS:
        fields: dict[str, forms.Field] = {
            "value": forms.TypedChoiceField(
                label=SPECIFICATIONS[implementation].label,
                coerce=int,
                choices=CHOICE_KINDS[implementation],
            )
        }
        if implementation == "LanguageSpecification":
            fields["exceptLanguage"] = forms.BooleanField(
                required=False, label="Except this language"
            )
        return fields
    unit = RANGE_KINDS[implementation]
    return {
        "min": forms.FloatField(label=f"Min ({unit})", min_value=0, initial=0),
        "max": forms.FloatField(
            label=f"Max ({unit})", min_value=0, initial=0, help_text="0 = no limit"
        ),
    }


class ConditionForm(forms.Form):
    """One condition row: its kind (fixed), name, negate, required and the kind's inputs."""

    implementation = forms.ChoiceField(choices=KIND_CHOICES, widget=forms.HiddenInput)
    name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"aria-label": "Name"}))
    negate = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"aria-label": "Negate"})
    )
    required = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"aria-label": "Required"})
    )

    def __init__(self, *args: Any, implementation: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.implementation = implementation
        self.kind_label = SPECIFICATIONS[implementation].label
        self.value_names = list(_value_fields(implementation))
        self.fields.update(_value_fields(implementation))
        self.fields["implementation"].initial = implementation

    def value_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.value_names]

    def clean(self) -> dict:
        cleaned = super().clean()
        if any(name in self.errors for name in self.value_names):
            return cleaned
        fields = {name: cleaned.get(name) for name in self.value_names}
        if self.implementation == "YearSpecification":
            fields = {k: int(v or 0) for k, v in fields.items()}
        if self.implementation in RANGE_KINDS and fields["max"] and fields["max"] < fields["min"]:
            # Said under Max, the input to change.
            self.add_error("max", "Max must not be below min.")
            return cleaned
        try:
            spec = build_checked(self.implementation, fields)
        except ValueError as exc:
            self.add_error(self.value_names[0], str(exc))
            return cleaned
        cleaned["specification"] = {
            "name": cleaned.get("name", "").strip(),
            "implementation": self.implementation,
            "negate": bool(cleaned.get("negate")),
            "required": bool(cleaned.get("required")),
            "fields": spec.normalized_fields(),
        }
        return cleaned

    def posted_values(self) -> dict[str, Any]:
        """What was posted, read as the widgets read it (for an unsaved re-render)."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }


def _initial_of(specification: dict) -> dict[str, Any]:
    fields = specification.get("fields") or {}
    return {
        "implementation": specification.get("implementation"),
        "name": specification.get("name", ""),
        "negate": bool(specification.get("negate")),
        "required": bool(specification.get("required")),
        **fields,
    }


class CustomFormatForm(forms.ModelForm):
    """Name and renaming flag of a format; the name is unique whatever its case."""

    class Meta:
        model = CustomFormat
        fields = ["name", "include_when_renaming"]
        labels = {"include_when_renaming": "Include in renamed files"}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = CustomFormat.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("A custom format with this name already exists.")
        return name


class FormatEditor:
    """A format's form plus its condition rows, bound to a POST or built from the format."""

    def __init__(self, data: QueryDict | None = None, *, instance: CustomFormat) -> None:
        self.instance = instance
        self.data = data
        self.form = CustomFormatForm(data, instance=instance)
        self.problems: list[str] = []
        if data is None:
            self.rows = [
                self._row(None, n, spec.get("implementation"), initial=_initial_of(spec))
                for n, spec in enumerate(instance.specifications or [])
            ]
            self.rows = [row for row in self.rows if row is not None]
        else:
            self.rows = [r for n in range(self._row_count(data)) if (r := self._row(data, n))]

    @staticmethod
    def _row_count(data: QueryDict) -> int:
        try:
            return max(0, min(int(data.get("rows", 0)), MAX_ROWS))
        except ValueError:
            return 0

    @staticmethod
    def _row(data, n: int, implementation: str | None = None, initial: dict | None = None):
        prefix = f"c{n}"
        if data is not None:
            implementation = data.get(f"{prefix}-implementation")
        if implementation not in SPECIFICATIONS:
            return None  # a row of an unknown kind cannot be shown or saved
        return ConditionForm(data, prefix=prefix, implementation=implementation, initial=initial)

    @classmethod
    def preview(cls, data: QueryDict, instance: CustomFormat) -> FormatEditor:
        """The posted state with a row added (`add_condition`, kind in `add_kind`) or removed
        (`remove_row` = its prefix), unbound so nothing shows as an error before Save.

        The buttons' names must not be form properties: a control named "remove" hides
        HTMLFormElement.remove(), which HTMX calls to swap the form out."""
        posted = cls(data, instance=instance)
        removed = data.get("remove_row", "")
        initials = [row.posted_values() for row in posted.rows if row.prefix != removed]
        kind = data.get("add_kind", "") if "add_condition" in data else ""
        if kind in SPECIFICATIONS and len(initials) < MAX_ROWS:
            initials.append(
                {"implementation": kind, "name": SPECIFICATIONS[kind].label, "negate": False}
            )
        editor = cls(instance=instance)
        editor.form = CustomFormatForm(
            instance=instance,
            initial={
                "name": data.get("name", instance.name),
                "include_when_renaming": bool(data.get("include_when_renaming")),
            },
        )
        editor.rows = [
            cls._row(None, n, initial["implementation"], initial=initial)
            for n, initial in enumerate(initials)
        ]
        return editor

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        valid = all([row.is_valid() for row in self.rows]) and valid
        if not self.rows:
            self.problems.append("Add at least one condition.")
            valid = False
        return valid

    def save(self) -> CustomFormat:
        custom_format = self.form.save(commit=False)
        custom_format.specifications = [row.cleaned_data["specification"] for row in self.rows]
        custom_format.save()
        return custom_format


class ImportForm(forms.Form):
    """Paste Radarr JSON: one custom format or a list of them."""

    json = forms.CharField(
        label="Custom format JSON",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80, "spellcheck": "false"}),
        help_text="One format or a list, as Radarr exports them or the guides publish them. "
        "A format whose name exists here is replaced.",
    )
