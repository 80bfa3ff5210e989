"""Whatever a form is sent — forged fields, odd text, numbers out of range — the page answers with
a page or a message, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import World

CODE = "322-0601-YBN-5D8Z"
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "-1", "0", "5", "99999999999999999999", "1e9", "≥85%", "abc", "产出指标",
                     "¹", "５", "٣"]),  # digits that are not ASCII: str.isdigit() says yes
)  # fmt: skip
FORMS = {
    # url template, role, the fields the form has (and a few it has not)
    "indicator": ("/projects/{pk}/indicators/5/", "filler",
                  ["level1", "level2", "name", "description", "target", "basis", "basis_kind"]),
    "header": ("/projects/{pk}/header/", "filler",
               ["code", "name", "unit", "total", "fiscal", "other", "purpose", "plan_0", "plan_3",
                "goals"]),
    "rows": ("/projects/{pk}/rows/up/", "filler", ["index"]),
    "comment": ("/projects/{pk}/comments/", "unit_reviewer", ["text", "target", "index", "field", "rule"]),
    "return": ("/projects/{pk}/return/", "unit_reviewer", ["comment"]),
    "department": ("/documents/{doc}/department/", "department_reviewer",
                   ["overall_goal", "sub_goal_count", "title_0", "goal_0", "indicators_0", "title_7",
                    "safeguards"]),
    "versions": ("/projects/{pk}/versions/", "readonly", ["a", "b"]),
    "list": ("/", "filler", ["year", "status", "q", "page"]),
}  # fmt: skip


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_form_input_makes_a_server_error(world: World, form: str, data: st.DataObject) -> None:
    template, role, fields = FORMS[form]
    project = world.project(CODE)
    url = template.format(pk=project.pk, doc=project.document_id)
    values = {field: data.draw(TEXT, label=field) for field in fields}
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    response = client.get(url, values) if form in ("versions", "list") else client.post(url, values)
    assert response.status_code < 500, (form, values)
