import pytest

from fernhill.idempotency import KeyStore, event_key


def test_redelivery_has_the_same_key():
    assert event_key("adyen", "8535") == event_key("adyen", "8535")


def test_sources_do_not_share_keys():
    assert event_key("adyen", "8535") != event_key("klarna", "8535")


@pytest.mark.parametrize(("source", "event_id"), [("", "8535"), ("adyen", "")])
def test_an_event_needs_source_and_id(source, event_id):
    with pytest.raises(ValueError, match="needs a source"):
        event_key(source, event_id)


def test_a_key_is_claimed_once():
    store = KeyStore()
    key = event_key("processor", "tx-1")
    assert store.claim(key)
    assert not store.claim(key)
