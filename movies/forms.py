"""Forms of the library pages: add a movie, edit one, edit many, delete."""

from __future__ import annotations

import re

from django import forms

from movies.folders import PathIndex, movie_path_in, path_change_problem
from movies.models import Movie, QualityProfile, RootFolder, Tag
from movies.models.library import normalise_tag_label, tags_with_labels
from movies.models.movie import MinimumAvailability

_IMDB_ID = re.compile(r"^tt\d{5,10}$")


def parse_lookup_term(term: str) -> tuple[str, str]:
    """Read what was typed in the add-movie box: ("tmdb", "603"), ("imdb", "tt…") or a title.

    Radarr accepts 'tmdb:603', 'imdb:tt0133093' and a bare IMDb id; ("invalid", reason)
    comes back for a prefix with a malformed id so the page can say what is wrong.
    """
    text = term.strip()
    lowered = text.lower()
    if lowered.startswith("tmdb:"):
        value = lowered[5:].strip()
        if value.isdigit() and int(value) > 0:
            return "tmdb", str(int(value))
        return "invalid", "A TMDB id is a positive number, as in tmdb:603."
    if lowered.startswith("imdb:"):
        value = lowered[5:].strip()
        if _IMDB_ID.match(value):
            return "imdb", value
        return "invalid", "An IMDb id looks like tt0133093."
    if _IMDB_ID.match(lowered):
        return "imdb", lowered
    return "title", text


class TagInputMixin(forms.Form):
    """Pick existing tags and type new ones (comma separated); both end up as Tag rows."""

    new_tags = forms.CharField(
        required=False,
        max_length=300,
        label="New tags",
        help_text="Comma separated; letters, digits and -; created when saved.",
    )

    def clean_new_tags(self) -> list[str]:
        labels: list[str] = []
        for typed in self.cleaned_data["new_tags"].split(","):
            if not typed.strip():
                continue
            try:
                label = normalise_tag_label(typed)
            except forms.ValidationError as error:
                raise forms.ValidationError(f'"{typed.strip()}": {error.messages[0]}') from error
            if len(label) > 100:
                raise forms.ValidationError("A tag is at most 100 characters.")
            if label not in labels:
                labels.append(label)
        return labels

    def chosen_tags(self) -> list[Tag]:
        """Selected tags plus the typed ones (creating those that do not exist yet).

        Call it only when saving is certain: it writes the new tags at once.
        """
        return tags_with_labels(
            self.cleaned_data.get("tags") or [], self.cleaned_data.get("new_tags") or []
        )


class AddMovieForm(TagInputMixin):
    """The options of one search result's Add form."""

    tmdb_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    root_folder = forms.ModelChoiceField(
        queryset=RootFolder.objects.all(),
        error_messages={"invalid_choice": "Choose one of the configured root folders."},
    )
    quality_profile = forms.ModelChoiceField(
        queryset=QualityProfile.objects.all(),
        error_messages={"invalid_choice": "Choose one of the quality profiles."},
    )
    monitored = forms.BooleanField(required=False, initial=True)
    minimum_availability = forms.ChoiceField(
        choices=MinimumAvailability.choices, initial=MinimumAvailability.RELEASED
    )
    # Checkboxes: a plain multi-select drops every other tag on a click without Ctrl.
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    field_order = [
        "tmdb_id",
        "root_folder",
        "quality_profile",
        "monitored",
        "minimum_availability",
        "tags",
        "new_tags",
    ]

    def clean_tmdb_id(self) -> int:
        tmdb_id = self.cleaned_data["tmdb_id"]
        existing = Movie.objects.filter(tmdb_id=tmdb_id).only("pk", "title").first()
        if existing:
            self.existing_movie = existing
            raise forms.ValidationError(f"{existing.title} is already in the library.")
        return tmdb_id


def add_path_problem(form: forms.BaseForm, movie: Movie, path: str, root: RootFolder) -> None:
    """Put the folder rules' objection to this path, if any, on the form (edit and admin)."""
    # Root folders never nest, so only this root's movies can clash; deletes still check
    # the whole library (a symlink may lead across roots), which is where it matters.
    others = PathIndex.of(Movie.objects.filter(root_folder=root).exclude(pk=movie.pk))
    problem = path_change_problem(movie, path, root.path, others)
    if problem:
        form.add_error(problem.field, problem.message)


class MovieEditForm(TagInputMixin, forms.ModelForm):
    """Edit one movie's library options (not its metadata, which TMDB owns)."""

    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Movie
        fields = ["monitored", "minimum_availability", "quality_profile", "root_folder", "path"]
        help_texts = {"path": "Kept under the root folder; follows it when that changes."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags"].initial = list(self.instance.tags.all())
        self.fields["path"].required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        root = cleaned.get("root_folder")
        if root is None:
            return cleaned
        path = (cleaned.get("path") or "").strip()
        root_changed = root.pk != self.instance.root_folder_id
        if not path or (root_changed and path == self.instance.path):
            path = movie_path_in(root, self.instance)
        cleaned["path"] = path
        add_path_problem(self, self.instance, path, root)
        return cleaned

    def save(self, commit: bool = True) -> Movie:
        movie = super().save(commit=commit)
        if commit:
            movie.tags.set(self.chosen_tags())
        return movie


NO_CHANGE = ""
MONITOR_CHOICES = [(NO_CHANGE, "No change"), ("true", "Monitored"), ("false", "Unmonitored")]


class BulkEditForm(forms.Form):
    """The action bar under the table: what to change on every ticked movie."""

    movie_ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    monitored = forms.ChoiceField(choices=MONITOR_CHOICES, required=False)
    quality_profile = forms.ModelChoiceField(
        queryset=QualityProfile.objects.all(), required=False, empty_label="No change"
    )
    root_folder = forms.ModelChoiceField(
        queryset=RootFolder.objects.all(), required=False, empty_label="No change"
    )
    add_tags = forms.ModelMultipleChoiceField(queryset=Tag.objects.all(), required=False)
    remove_tags = forms.ModelMultipleChoiceField(queryset=Tag.objects.all(), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any positive integer is acceptable; ids of movies since deleted are skipped.
        self.fields["movie_ids"].valid_value = lambda value: str(value).isdigit()
        self.fields["movie_ids"].error_messages["required"] = "Tick at least one movie."

    def has_changes(self) -> bool:
        """Whether any field asks for a change (every one left on "No change" does not)."""
        return any(value not in (None, []) for value in self.changes().values())

    def changes(self) -> dict:
        """Keyword arguments for movies.library_edit.bulk_edit."""
        data = self.cleaned_data
        monitored = {"true": True, "false": False}.get(data.get("monitored") or "")
        return {
            "monitored": monitored,
            "quality_profile": data.get("quality_profile"),
            "root_folder": data.get("root_folder"),
            "add_tags": list(data.get("add_tags") or []),
            "remove_tags": list(data.get("remove_tags") or []),
        }


class BulkDeleteForm(forms.Form):
    """The confirmation of a bulk delete."""

    movie_ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    delete_files = forms.BooleanField(required=False, label="Also delete the movies' folders")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["movie_ids"].valid_value = lambda value: str(value).isdigit()


class DeleteMovieForm(forms.Form):
    """Delete one movie: the files stay unless the box is ticked."""

    delete_files = forms.BooleanField(
        required=False, label="Also delete the movie's folder and files from disk"
    )
