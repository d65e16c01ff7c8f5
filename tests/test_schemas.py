"""The JSON Schemas for editors agree with the validator, in both directions.

They are generated from `cchc.schema` (the validator's declarations): the committed files must
equal the generated output; every demo file must be accepted; every bad fixture of the
validator's tests whose problem lies within one file (missing field, unknown key, wrong type,
value outside a vocabulary, malformed id) must be rejected for the same reason.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import ValidationError, best_match

from cchc import schema, schemas
from cchc.load import split_front_matter
from tests.support.cases import AGENCY_CASES, CASES
from tests.support.portal import AGENCIES, DOC, NEWS, REPO

SCHEMA_CODES = {"missing-field", "unknown-key", "invalid-type", "invalid-choice", "invalid-id",
                "date-format"}


def as_json(value: Any) -> Any:
    """YAML data as a YAML language server sees it (YAML 1.2: dates are strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def front_matter(text: str) -> Any:
    front = split_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff")).front
    assert front is not None
    return as_json(yaml.safe_load(front) or {})


def validator(name: str) -> jsonschema.Draft7Validator:
    data = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(data, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_for(rel: str) -> str:
    if rel.startswith("content/tin-tuc/"):
        return "news.schema.json"
    if rel.startswith("plans/"):
        return "document.schema.json"
    raise AssertionError(rel)


def code_of(error: ValidationError) -> str:
    """The validator's CODE for a schema error."""
    if error.context:  # anyOf: the branch meant for this kind of value (list, text, null)
        fitting = [e for e in error.context if e.validator != "type"] or error.context
        return code_of(best_match(fitting))
    kw = error.validator
    if kw == "required":
        return "missing-field"
    if kw == "additionalProperties":
        return "unknown-key"
    if kw == "enum":
        return "invalid-choice"
    if kw == "pattern" and error.schema.get("pattern") == schema.ID_PATTERN and \
            list(error.path)[-1:] == ["id"]:
        return "invalid-id"
    if kw == "pattern" and error.schema.get("pattern") in (schemas.DATE_PATTERN,
                                                          schemas.DATETIME_PATTERN):
        return "date-format"  # the validator's date-format, date-out-of-range
    return "invalid-type"  # type, pattern (dates), format, minLength


def codes(v: jsonschema.Draft7Validator, data: Any) -> set[str]:
    return {code_of(e) for e in v.iter_errors(data)}


# --- one source of truth ----------------------------------------------------------------------

def test_committed_schemas_equal_generated_output():
    assert schemas.stale(REPO / "schemas") == [], "run `cchc schema` and commit schemas/"
    assert sorted(p.name for p in (REPO / "schemas").glob("*.json")) == sorted(schemas.all_schemas())


@pytest.mark.parametrize("name", sorted(schemas.all_schemas()))
def test_schemas_are_valid_draft7(name):
    jsonschema.Draft7Validator.check_schema(json.loads((REPO / "schemas" / name).read_text()))


def test_every_field_is_described_in_vietnamese():
    data = schemas.news_schema()
    for name, prop in data["properties"].items():
        assert prop["description"], name
    assert set(data["properties"]) == {f.name for f in schema.NEWS_FIELDS}
    assert data["required"] == [f.name for f in schema.NEWS_FIELDS if f.required]
    topics = data["properties"]["topics"]
    assert "Cải cách thể chế" in topics["description"]


def test_schema_command_writes_and_checks(tmp_path):
    from tests.support.portal import make_project

    p = make_project(tmp_path / "portal")
    assert p.cchc("schema", "--check").returncode == 1  # nothing generated there yet
    assert p.cchc("schema").returncode == 0
    assert p.cchc("schema", "--check").returncode == 0
    out = tmp_path / "elsewhere"
    assert p.cchc("schema", "--out", str(out)).returncode == 0
    assert (out / "news.schema.json").read_text() == (REPO / "schemas/news.schema.json").read_text()


# --- accept: every demo file ------------------------------------------------------------------

DEMO = sorted(
    [p for p in (REPO / "content/tin-tuc").rglob("*.md") if p.name != "index.md"]
    + list((REPO / "plans").rglob("*.md")))


@pytest.mark.parametrize("path", DEMO, ids=[p.relative_to(REPO).as_posix() for p in DEMO])
def test_demo_file_is_accepted(path):
    rel = path.relative_to(REPO).as_posix()
    errors = list(validator(schema_for(rel)).iter_errors(front_matter(path.read_text("utf-8"))))
    assert not errors, [e.message for e in errors]


def test_demo_agencies_are_accepted():
    data = as_json(yaml.safe_load((REPO / "content/agencies.yml").read_text(encoding="utf-8")))
    errors = list(validator("agencies.schema.json").iter_errors(data))
    assert not errors, [e.message for e in errors]
    one = validator("agency.schema.json")
    assert all(one.is_valid(item) for item in data)


def test_valid_fixtures_are_accepted():
    assert not codes(validator("news.schema.json"), front_matter(NEWS))
    assert not codes(validator("document.schema.json"), front_matter(DOC))
    assert not codes(validator("agencies.schema.json"), as_json(yaml.safe_load(AGENCIES)))


def test_scaffolded_files_are_accepted(project):
    p = project()
    p.cchc("new", "news", "--title", "Tin mới", "--agency", "ubnd-xa-c", "--date", "2024-05-01",
           check=True)
    p.cchc("new", "document", "--kind", "bao-cao", "--title", "Báo cáo quý I",
           "--agency", "ubnd-xa-c", "--number", "20/BC-UBND", "--issued", "2024-04-02",
           check=True)
    for path in [*(p.root / "content/tin-tuc").rglob("*.md"), *(p.root / "plans").rglob("*.md")]:
        rel = path.relative_to(p.root).as_posix()
        assert not codes(validator(schema_for(rel)), front_matter(path.read_text("utf-8"))), rel


# --- reject: the validator's bad fixtures, for the same reason ----------------------------------

FILE_CASES = [c for c in CASES if c[2] in SCHEMA_CODES]
AGENCY_SCHEMA_CASES = [c for c in AGENCY_CASES if c[2] in SCHEMA_CODES]


def test_fixture_selection_is_not_empty():
    assert {c[2] for c in FILE_CASES} >= {"missing-field", "unknown-key", "invalid-type",
                                          "invalid-choice"}
    assert {c[2] for c in AGENCY_SCHEMA_CASES} >= {"invalid-id", "invalid-choice"}


@pytest.mark.parametrize(("name", "files", "code", "path", "line", "exit_code"), FILE_CASES,
                         ids=[c[0] for c in FILE_CASES])
def test_bad_fixture_is_rejected_for_the_same_reason(name, files, code, path, line, exit_code):
    text = files[path]
    assert isinstance(text, str)
    found = codes(validator(schema_for(path)), front_matter(text))
    assert code in found, (name, found)


@pytest.mark.parametrize(("name", "agencies", "code", "line"), AGENCY_SCHEMA_CASES,
                         ids=[c[0] for c in AGENCY_SCHEMA_CASES])
def test_bad_agency_is_rejected_for_the_same_reason(name, agencies, code, line):
    found = codes(validator("agencies.schema.json"), as_json(yaml.safe_load(agencies)))
    assert code in found, (name, found)


def test_dates_follow_the_validators_rule():
    """Years 1945–2100 (`schema.YEAR_MIN`…`YEAR_MAX`), YYYY-MM-DD only, as `cchc validate`."""
    v = validator("news.schema.json")
    for year in range(1900, 2201):
        data = front_matter(NEWS.replace("2024-03-28", f"{year}-03-28"))
        assert v.is_valid(data) == (schema.YEAR_MIN <= year <= schema.YEAR_MAX), year
    for written in ("28/03/2024", "28-03-2024", "2024-3-28", "'2024-13-01'"):
        assert codes(v, front_matter(NEWS.replace("2024-03-28", written))) == {"date-format"}
    assert v.is_valid(front_matter(NEWS.replace("2024-03-28", '"2024-03-28"')))
    assert v.is_valid(front_matter(NEWS.replace("2024-03-28", "2024-03-28T08:30:00+07:00")))


def test_errors_point_at_the_field():
    data = front_matter(NEWS.replace("topics:", "tpoics:"))
    (error,) = validator("news.schema.json").iter_errors(data)
    assert error.validator == "additionalProperties" and "tpoics" in error.message


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
