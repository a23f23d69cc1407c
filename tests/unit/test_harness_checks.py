"""The harness's schema and catalogue checks find what they are for."""
import textwrap

import sqlalchemy as sa

from cc_core.testing import catalogue_problems, schema_differences


def test_a_model_without_its_migration_is_reported():
    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE cc_company (id INTEGER PRIMARY KEY)")
        differences = schema_differences(connection, "cc_")
    kinds = {(kind, table) for kind, table, _ in differences}
    assert ("add_table", "cc_person") in kinds           # not created at all
    assert ("add_column", "cc_company") in kinds         # created without its columns
    assert all(table.startswith("cc_") for _, table, _ in differences)
    engine.dispose()


def _package(tmp_path, pot_ids, po_entries):
    package = tmp_path / "cc_sample"
    (package / "locale" / "nb" / "LC_MESSAGES").mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent('''
        from pyramid.i18n import TranslationStringFactory
        _ = TranslationStringFactory("cc_sample")
        GREETING = _("Hello ${name}", mapping={"name": "you"})
        FAREWELL = _("Goodbye")
    '''))

    def catalogue(entries):
        return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "".join(
            f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)

    (package / "locale" / "cc_sample.pot").write_text(catalogue([(msgid, "") for msgid in pot_ids]))
    (package / "locale" / "nb" / "LC_MESSAGES" / "cc_sample.po").write_text(catalogue(po_entries))
    return package


def test_complete_catalogues_have_no_problems(tmp_path):
    package = _package(tmp_path, ["Hello ${name}", "Goodbye"],
                       [("Hello ${name}", "Hei ${name}"), ("Goodbye", "Ha det")])
    assert catalogue_problems(package, "cc_sample") == []


def test_stale_template_missing_translation_and_lost_placeholder_are_named(tmp_path):
    package = _package(tmp_path, ["Hello ${name}"], [("Hello ${name}", "Hei")])
    problems = catalogue_problems(package, "cc_sample")
    assert any("cc_sample.pot is out of date" in p and "Goodbye" in p for p in problems)
    assert any(p.startswith("nb: missing ['Goodbye']") for p in problems)
    assert any("placeholders of 'Hello ${name}'" in p for p in problems)
