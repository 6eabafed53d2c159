import pytest

from samenkracht.cli import main
from samenkracht.people.models import Neighbourhood

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # A command run from the command line closes every connection when it ends; inside
    # the test's transaction on PostgreSQL that would end the test's connection too.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def test_samenkracht_command_runs_management_commands_with_dashes():
    # when
    main(["import-neighbourhoods", "--builtin"])
    # then
    assert Neighbourhood.objects.filter(district__municipality__code="GM0307").count() == 145


def test_samenkracht_command_without_arguments_prints_help(capsys):
    main([])
    assert "import_neighbourhoods" in capsys.readouterr().out
