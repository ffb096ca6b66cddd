"""Seminar pages: seminars and roster, assignments, the instructor dashboard, grading."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations.exports import jsonld_response
from annotations.models import Annotation
from config.params import id_parse
from edition.access import visible_editions
from groups import services as groups_services
from groups.forms import JoinForm
from groups.models import GroupInvite, Membership
from seminars import access, services, work
from seminars.exports import grades_response
from seminars.forms import (
    AnnotateForm,
    AssignmentForm,
    CopyForm,
    CriteriaFormSet,
    FeedbackForm,
    RoleForm,
    RosterImportForm,
    ScoreForm,
    SectionsForm,
    SeminarForm,
    SeminarSettingsForm,
)
from seminars.models import ROLE_LABELS, STUDENT, Assignment
from seminars.pages import (
    assignment_page_context,
    dashboard_context,
    roster_context,
    student_page_context,
)

# Seminars and roster -----------------------------------------------------------------------


@login_required
@require_safe
def seminar_list(request):
    memberships = (
        Membership.objects.of(request.user)
        .filter(group__seminar__isnull=False)
        .select_related("group__seminar")
        .order_by("group__name")
    )
    rows = [(m, ROLE_LABELS[m.role]) for m in memberships]
    return render(request, "seminars/seminar_list.html", {"rows": rows, "join_form": JoinForm()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def seminar_create(request):
    form = SeminarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        seminar = services.seminar_create(creator=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Seminar “{seminar.name}” created. Share its join code "
            "with your students, or import a roster.",
        )
        return redirect("seminars:roster", pk=seminar.pk)
    return render(request, "seminars/seminar_form.html", {"form": form})


@login_required
@require_safe
def seminar_detail(request, pk):
    membership = access.get_membership_for_user(request.user, pk)
    seminar = membership.group.seminar
    assignments = list(seminar.assignments.select_related("edition__work"))
    if membership.role == STUDENT:
        for assignment in assignments:
            assignment.mine = work.student_work(assignment, [request.user])[0]
    return render(
        request,
        "seminars/seminar_detail.html",
        {
            "seminar": seminar,
            "membership": membership,
            "role": ROLE_LABELS[membership.role],
            "teaching": access.is_teaching(membership),
            "assignments": assignments,
        },
    )


@login_required
@require_safe
def roster(request, pk):
    membership = access.get_membership_for_user(request.user, pk, teach=True)
    return render(request, "seminars/roster.html", roster_context(membership))


@require_POST
@login_required
def roster_import(request, pk):
    membership = access.get_membership_for_user(request.user, pk, instruct=True)
    seminar = membership.group.seminar
    form = RosterImportForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        try:
            result = services.roster_import(seminar=seminar, text=form.cleaned_data["text"])
        except services.RosterError as e:
            problems = e.problems
            form.add_error(None, str(e))
        except services.SeminarError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"Roster imported: {result.added} existing and "
                f"{result.created} new account(s) added, "
                f"{result.already} already in the seminar.",
            )
            return redirect("seminars:roster", pk=pk)
    context = roster_context(membership, import_form=form, problems=problems)
    return render(request, "seminars/roster.html", context, status=400)


@require_POST
@login_required
def seminar_settings(request, pk):
    membership = access.get_membership_for_user(request.user, pk, instruct=True)
    form = SeminarSettingsForm(request.POST)
    if form.is_valid():
        services.seminar_update(
            seminar=membership.group.seminar, by=request.user, **form.cleaned_data
        )
        messages.success(request, "Settings saved.")
    return redirect("seminars:roster", pk=pk)


@require_POST
@login_required
def sections(request, pk):
    membership = access.get_membership_for_user(request.user, pk, instruct=True)
    form = SectionsForm(request.POST)
    if form.is_valid():
        made = services.sections_form(
            seminar=membership.group.seminar, size=form.cleaned_data["size"]
        )
        messages.success(request, f"{len(made)} discussion section(s) formed.")
    else:
        messages.error(request, "Sections hold between 2 and 50 students.")
    return redirect("seminars:roster", pk=pk)


@require_POST
@login_required
def member_role(request, pk, user_pk):
    membership = access.get_membership_for_user(request.user, pk, instruct=True)
    member = get_object_or_404(Membership, group_id=membership.group_id, user_id=user_pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            groups_services.membership_set_role(membership=member, role=form.cleaned_data["role"])
            messages.success(request, f"{member.user} is now {ROLE_LABELS[member.role]}.")
        except groups_services.GroupError as e:
            messages.error(request, str(e).replace("owner", "instructor"))
    return redirect("seminars:roster", pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request, code=None):
    """Join a seminar as a student by link (GET shows it, POST joins) or by typed code."""
    form = JoinForm(request.POST or None) if code is None else None
    if form is not None:
        if request.method != "POST" or not form.is_valid():
            return render(request, "seminars/join.html", {"form": form})
        code = form.cleaned_data["code"]
    invite = (
        GroupInvite.objects.select_related("group__seminar")
        .filter(code=code, group__seminar__isnull=False)
        .first()
    )
    closed = invite is not None and not invite.group.seminar.joining_open
    if invite is None or closed or not invite.is_usable:
        error = (
            "This seminar is closed to new students: ask its instructor."
            if closed
            else "This code or link does not work: it may have expired or been revoked."
        )
        return render(
            request, "seminars/join.html", {"form": form or JoinForm(), "error": error}, status=404
        )
    if request.method != "POST" or "confirm" not in request.POST:
        return render(request, "seminars/join.html", {"invite": invite})
    try:
        services.seminar_join(invite=invite, user=request.user)
    except services.SeminarError as e:
        return render(
            request, "seminars/join.html", {"form": JoinForm(), "error": str(e)}, status=400
        )
    messages.success(request, f"You joined the seminar “{invite.group.name}”.")
    return redirect("seminars:seminar", pk=invite.group_id)


# Assignments -------------------------------------------------------------------------------


@login_required
@require_safe
def my_assignments(request):
    assignments = (
        Assignment.objects.filter(
            seminar__group__memberships__user=request.user,
            seminar__group__memberships__role=STUDENT,
        )
        .select_related("seminar__group", "edition__work")
        .order_by("due_at", "pk")
    )
    rows = [(a, work.student_work(a, [request.user])[0]) for a in assignments]
    return render(request, "seminars/my_assignments.html", {"rows": rows})


def _assignment_form_page(request, membership, assignment=None):
    initial = AssignmentForm.initial_for(assignment)
    form = AssignmentForm(request.POST or None, initial=initial)
    # A reading of another group is offered only to those who may read it.
    form.fields["edition"].queryset = visible_editions(
        request.user, form.fields["edition"].queryset
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.assignment_save(
                seminar=membership.group.seminar,
                by=request.user,
                assignment=assignment,
                **form.cleaned_data,
            )
        except services.SeminarError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Assignment “{saved.title}” saved.")
            return redirect(saved)
    return render(
        request,
        "seminars/assignment_form.html",
        {"form": form, "seminar": membership.group.seminar, "assignment": assignment},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_create(request, pk):
    membership = access.get_membership_for_user(request.user, pk, instruct=True)
    return _assignment_form_page(request, membership)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_edit(request, pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk, instruct=True)
    return _assignment_form_page(request, membership, assignment)


@login_required
@require_safe
def assignment_detail(request, pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk)
    return render(
        request,
        "seminars/assignment.html",
        assignment_page_context(assignment, membership, request.user),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_annotate(request, pk):
    """Annotate a passage of the range (`?passage=<anchor>`): the note goes to the seminar."""
    assignment, _ = access.get_assignment_for_user(request.user, pk)
    passage = get_object_or_404(
        work.range_passages(assignment), anchor=request.GET.get("passage", "")
    )
    form = AnnotateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_annotate(
                assignment=assignment, author=request.user, passage=passage, **form.cleaned_data
            )
        except services.SeminarError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Annotation saved to the seminar.")
            return redirect(f"{assignment.get_absolute_url()}#p-{passage.anchor}")
    return render(
        request,
        "seminars/annotate.html",
        {"form": form, "assignment": assignment, "passage": passage},
    )


@require_POST
@login_required
def notes_share(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk)
    shared = services.notes_share(assignment=assignment, student=request.user)
    messages.success(request, f"{shared} note(s) shared with the seminar.")
    return redirect(assignment)


@require_POST
@login_required
def assignment_reveal(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, instruct=True)
    services.assignment_reveal(assignment=assignment)
    messages.success(request, "Students now see each other's annotations.")
    return redirect(assignment)


@require_POST
@login_required
def assignment_release(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, instruct=True)
    released = request.POST.get("released", "1") == "1"
    services.assignment_release(assignment=assignment, released=released)
    messages.success(
        request,
        "Scores released to the students."
        if released
        else "Scores hidden from the students again.",
    )
    return redirect("seminars:dashboard", pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_copy(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, instruct=True)
    form = CopyForm(request.POST or None, seminars=access.target_seminars_for_copy(request.user))
    if request.method == "POST" and form.is_valid():
        copy = services.assignment_copy(
            assignment=assignment, by=request.user, seminar=form.cleaned_data["seminar"]
        )
        messages.success(request, f"Copied into “{copy.seminar.name}”: check its dates.")
        return redirect("seminars:assignment-edit", pk=copy.pk)
    return render(request, "seminars/copy.html", {"form": form, "assignment": assignment})


# Instructor dashboard and grading ----------------------------------------------------------


@login_required
@require_safe
def dashboard(request, pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk, teach=True)
    return render(request, "seminars/dashboard.html", dashboard_context(assignment, membership))


@login_required
@require_safe
def student_detail(request, pk, user_pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk, teach=True)
    student = access.get_student(assignment.seminar, user_pk)
    return render(
        request,
        "seminars/student.html",
        student_page_context(assignment, membership, student, request.user),
    )


@require_POST
@login_required
def scores_save(request, pk, user_pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk, teach=True)
    student = access.get_student(assignment.seminar, user_pk)
    form = ScoreForm(request.POST, criteria=assignment.criteria.all(), initial_points={})
    if form.is_valid():
        try:
            services.scores_record(
                assignment=assignment, student=student, points=form.points(), scorer=request.user
            )
        except services.SeminarError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Scores saved for {student.get_display_name()}.")
            return redirect("seminars:student", pk=pk, user_pk=user_pk)
    context = student_page_context(assignment, membership, student, request.user)
    context["score_form"] = form
    return render(request, "seminars/student.html", context, status=400)


@require_POST
@login_required
def feedback(request, pk, user_pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, teach=True)
    student = access.get_student(assignment.seminar, user_pk)
    annotation = None
    if request.POST.get("annotation"):
        annotation = (
            work.assignment_work(assignment)
            .filter(pk=id_parse(request.POST["annotation"]), author=student)
            .first()
        )
        if annotation is None:
            raise Http404("No such annotation in this assignment.")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Feedback needs some text.")
    else:
        services.feedback_create(
            assignment=assignment,
            student=student,
            author=request.user,
            body=form.cleaned_data["body"],
            annotation=annotation,
        )
        messages.success(request, "Feedback saved: only the student and the teaching staff see it.")
    return redirect("seminars:student", pk=pk, user_pk=user_pk)


@require_POST
@login_required
def feature(request, pk, annotation_pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, teach=True)
    annotation = get_object_or_404(work.assignment_work(assignment), pk=annotation_pk)
    featured = request.POST.get("featured", "1") == "1"
    services.annotation_feature(
        assignment=assignment, annotation=annotation, by=request.user, featured=featured
    )
    messages.success(request, "Featured to the class." if featured else "No longer featured.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = assignment.get_absolute_url()
    return redirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rubric(request, pk):
    assignment, membership = access.get_assignment_for_user(request.user, pk, teach=True)
    may_edit = access.can_edit_rubric(membership)
    initial = [
        {"id": c.pk, "name": c.name, "description": c.description, "points": c.points}
        for c in assignment.criteria.all()
    ]
    formset = CriteriaFormSet(request.POST or None, initial=initial, prefix="c")
    if request.method == "POST":
        if not may_edit:
            messages.error(
                request,
                "Only instructors may change the rubric criteria "
                "(the seminar does not allow assistants to).",
            )
            return render(
                request,
                "seminars/rubric.html",
                {"assignment": assignment, "formset": formset, "may_edit": False},
                status=403,
            )
        if formset.is_valid():
            criteria = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.criteria_set(assignment=assignment, criteria=criteria)
            except services.SeminarError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, "Rubric saved.")
                return redirect("seminars:rubric", pk=pk)
    return render(
        request,
        "seminars/rubric.html",
        {"assignment": assignment, "formset": formset, "may_edit": may_edit},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def grades_csv(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, teach=True)
    return grades_response(assignment)


@login_required
@require_safe
def annotations_jsonld(request, pk):
    assignment, _ = access.get_assignment_for_user(request.user, pk, teach=True)
    annotations = (
        work.assignment_work(assignment, base=Annotation.objects.visible_to(request.user))
        .for_output()
        .reading_order()
    )
    return jsonld_response(
        annotations,
        filename=f"lectio-assignment-{assignment.pk}",
        label=f"{assignment.title} ({assignment.seminar.name})",
        user=request.user,
    )
