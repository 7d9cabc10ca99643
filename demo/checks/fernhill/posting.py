"""Posting rules: a money movement becomes a balanced set of postings.

Amounts are in minor units (cents); a positive amount is a debit, a negative
one a credit, and the amounts of a posting set always add up to zero.
"""

from __future__ import annotations

from dataclasses import dataclass


class PostingError(ValueError):
    """A movement that no posting rule accepts."""


@dataclass(frozen=True)
class Posting:
    account: str
    amount: int
    currency: str


@dataclass(frozen=True)
class Movement:
    kind: str
    merchant: str
    amount: int
    currency: str
    fee: int = 0
    #: For a refund: the amount of the capture it refunds.
    captured: int = 0


def _balanced(postings: list[Posting]) -> list[Posting]:
    if sum(p.amount for p in postings) != 0:
        raise PostingError("posting set does not balance")
    return postings


def capture(m: Movement) -> list[Posting]:
    """The processor owes us the amount; the merchant is owed it less the fee."""
    postings = [
        Posting("processor-receivable", m.amount, m.currency),
        Posting(f"merchant:{m.merchant}", -(m.amount - m.fee), m.currency),
    ]
    if m.fee:
        postings.append(Posting("fee-income", -m.fee, m.currency))
    return _balanced(postings)


def refund(m: Movement) -> list[Posting]:
    """The merchant pays back what is refunded; a full refund also returns the fee."""
    if m.amount > m.captured:
        raise PostingError("refund exceeds the captured amount")
    if m.amount == m.captured:
        return _balanced(
            [
                Posting(f"merchant:{m.merchant}", m.amount - m.fee, m.currency),
                Posting("fee-income", m.fee, m.currency),
                Posting("processor-receivable", -m.amount, m.currency),
            ]
        )
    # refund of a partial capture: the fee stays with us
    return _balanced(
        [
            Posting(f"merchant:{m.merchant}", m.amount, m.currency),
            Posting("processor-receivable", -m.amount, m.currency),
        ]
    )


RULES = {"capture": capture, "refund": refund}


def post(m: Movement) -> list[Posting]:
    """The posting set of a movement."""
    if m.amount <= 0:
        raise PostingError("amount must be positive")
    rule = RULES.get(m.kind)
    if rule is None:
        raise PostingError(f"no posting rule for {m.kind!r}")
    return rule(m)
