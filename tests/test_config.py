"""Settings: defaults < drafter.toml < environment < flags; the backend follows the endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.config import load_settings
from drafter.errors import InputError


def test_without_an_endpoint_the_offline_composer_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(home=tmp_path).resolved_backend == "offline"


@pytest.mark.parametrize("variable", ["OPENAI_API_KEY", "OPENAI_BASE_URL"])
def test_a_configured_endpoint_makes_openai_the_default(tmp_path, monkeypatch, variable):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, "http://127.0.0.1:9/v1" if variable.endswith("URL") else "sk-test")
    assert load_settings(home=tmp_path).resolved_backend == "openai"
    assert load_settings(home=tmp_path, backend="offline").resolved_backend == "offline"


def test_toml_then_environment_then_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafter.toml").write_text('[drafter]\nmodel = "qwen2.5"\nconcurrency = 3\ntimeout = 12.5\n',
                                           encoding="utf-8")
    settings = load_settings(home=str(tmp_path))
    assert (settings.model, settings.concurrency, settings.timeout) == ("qwen2.5", 3, 12.5)
    assert settings.home == tmp_path.resolve() and settings.corpus_dir == tmp_path.resolve() / "corpus"
    monkeypatch.setenv("DRAFTER_MODEL", "deepseek-chat")
    monkeypatch.setenv("DRAFTER_CONCURRENCY", "6")
    assert (load_settings(home=tmp_path).model, load_settings(home=tmp_path).concurrency) == ("deepseek-chat", 6)
    assert load_settings(home=tmp_path, model="glm-4", concurrency=None).model == "glm-4"
    assert load_settings(home=tmp_path, concurrency=None).concurrency == 6


def test_an_unknown_or_malformed_setting_names_the_file_and_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    toml = tmp_path / "drafter.toml"
    toml.write_text("modle = 'x'\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"drafter\.toml.*modle"):
        load_settings(home=tmp_path)
    toml.write_text("concurrency = 'many'\n", encoding="utf-8")
    with pytest.raises(InputError, match="concurrency must be a whole number"):
        load_settings(home=tmp_path)
    toml.write_text("model = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_settings(home=tmp_path)


def test_a_bad_environment_value_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_CONCURRENCY", "eight")
    with pytest.raises(InputError, match=r"\$DRAFTER_CONCURRENCY.*concurrency"):
        load_settings(home=Path(tmp_path))
