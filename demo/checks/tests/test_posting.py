import pytest

from fernhill.posting import Movement, PostingError, post


def total(postings):
    return sum(p.amount for p in postings)


def test_capture_credits_the_merchant_less_the_fee():
    postings = post(Movement("capture", "m-17", 10_000, "EUR", fee=150))
    assert total(postings) == 0
    assert {p.account: p.amount for p in postings} == {
        "processor-receivable": 10_000,
        "merchant:m-17": -9_850,
        "fee-income": -150,
    }


def test_capture_without_fee_has_two_postings():
    assert len(post(Movement("capture", "m-17", 500, "EUR"))) == 2


def test_full_refund_returns_the_fee():
    postings = post(Movement("refund", "m-17", 10_000, "EUR", fee=150, captured=10_000))
    assert total(postings) == 0
    assert {p.account: p.amount for p in postings}["fee-income"] == 150


def test_refund_above_the_capture_is_rejected():
    with pytest.raises(PostingError, match="exceeds"):
        post(Movement("refund", "m-17", 200, "EUR", captured=100))


@pytest.mark.parametrize("kind", ["chargeback", ""])
def test_unknown_movements_are_rejected(kind):
    with pytest.raises(PostingError, match="no posting rule"):
        post(Movement(kind, "m-17", 100, "EUR"))


def test_amounts_are_positive():
    with pytest.raises(PostingError, match="positive"):
        post(Movement("capture", "m-17", 0, "EUR"))
