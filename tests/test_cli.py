from tandem.cli import main


def test_help_lists_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "tandem schedule FILE" in out
    assert "tandem run" in out
