"""Forms of the records pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from tandem.projects.models import Project

from .models import Decision, Document, StatusUpdate

DATE = forms.DateInput(attrs={"type": "date"})


def _short_text_areas(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", 3)


class DocumentForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    link = forms.URLField(max_length=500, required=False, assume_scheme="https", label=_("Link"))

    class Meta:
        model = Document
        fields = ["title", "category", "description", "visibility", "link"]
        labels = {
            "title": _("Title"),
            "category": _("Category"),
            "description": _("Description"),
            "visibility": _("Visibility"),
        }

    def __init__(self, *args: Any, may_share: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _short_text_areas(self)
        if not may_share:
            del self.fields["visibility"]


class DocumentCreateForm(DocumentForm):
    """A new document with its first file, in one form (the file may come later)."""

    file = forms.FileField(required=False, allow_empty_file=True, label=_("File"))
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("About this file")
    )

    field_order = ["title", "file", "category", "description", "visibility", "link", "comment"]


class UploadForm(forms.Form):
    file = forms.FileField(allow_empty_file=True, label=_("File"))
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Comment")
    )


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Decision
        fields = [
            "title",
            "context",
            "decision",
            "alternatives",
            "decided_by",
            "decided_on",
            "status",
            "supersedes",
            "meeting",
        ]
        widgets = {"decided_on": DATE}
        labels = {
            "title": _("Title"),
            "context": _("Context"),
            "decision": _("Decision"),
            "alternatives": _("Alternatives"),
            "decided_by": _("Decided by"),
            "decided_on": _("Decided on"),
            "status": _("Status"),
            "supersedes": _("Supersedes"),
            "meeting": _("Meeting"),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _short_text_areas(self)
        self.fields["decided_by"].queryset = project.members.order_by("username")  # type: ignore[attr-defined]
        others = Decision.objects.filter(project=project)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["supersedes"].queryset = others  # type: ignore[attr-defined]
        meetings = apps.get_model("meetings", "Meeting")._default_manager
        self.fields["meeting"].queryset = meetings.filter(project=project)  # type: ignore[attr-defined]

    def action_data(self) -> tuple[dict[str, Any], int | None]:
        data = dict(self.cleaned_data)
        version = data.pop("version", None)
        for name in ("decided_by", "supersedes", "meeting"):
            obj = data.pop(name, None)
            data[f"{name}_id"] = obj.pk if obj else None
        return data, version


class StatusUpdateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StatusUpdate
        fields = [
            "period_start",
            "period_end",
            "rag",
            "summary",
            "achievements",
            "next_steps",
            "blockers",
            "audience",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}
        labels = {
            "period_start": _("Period start"),
            "period_end": _("Period end"),
            "rag": _("Rag"),
            "summary": _("Summary"),
            "achievements": _("Achievements"),
            "next_steps": _("Next steps"),
            "blockers": _("Blockers"),
            "audience": _("Audience"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _short_text_areas(self)
