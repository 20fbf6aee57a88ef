"""Moved to tally.demo.zone; this name stays only for the `serve` command, which is
moving to tally.ops (import from tally.demo.zone everywhere else)."""

from tally.demo.zone import DEMO_PASSWORD, USERS

__all__ = ["DEMO_PASSWORD", "USERS"]
