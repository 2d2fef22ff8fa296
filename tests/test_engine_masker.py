"""An engine makes its Masker once for the same secrets and forms: `run` and `test` ask for one per event or result, and
a Masker of a PEM private key (with the key's other containers) takes ~0.3-1 s to make."""

from __future__ import annotations

from support.sandbox_helpers import HandlerRunner, make_engine

SECRET = "sk_live_engine_masker_8f7e6d"


def test_the_masker_is_made_again_only_when_its_secrets_or_forms_change(tmp_path):
    engine = make_engine(network={"offline": True, "secrets": [SECRET]})
    try:
        before_load = engine.masker()
        assert engine.masker() is before_load
        result = HandlerRunner(engine, tmp_path).run("async function onTrack(e, s) { return s.apiKey }",
                                                     settings={"apiKey": SECRET})
        loaded = engine.masker()  # the load gave the secret's forms (JavaScript's encodings of it)
        assert loaded is not before_load and engine.masker() is loaded
        assert loaded.text(f"{result.return_value} {SECRET}") == "•••••• ••••••"
        also = engine.masker(["another-secret-value"])
        assert also is not loaded and also.text("x another-secret-value") == "x ••••••"
        assert engine.masker() is not also and engine.masker().text(SECRET) == "••••••"
    finally:
        engine.close()
