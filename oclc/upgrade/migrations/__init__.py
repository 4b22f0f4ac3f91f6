"""The migrations `oclc upgrade` applies, in the order it applies them.

    channels.py agents.py gateway.py        the 82 migrations of `openclaw doctor --fix` (2026.9.6),
    models.py tools.py runtime.py           by subject, listed in doctor's order below; each a small
                                            function over the Tree
    channel_doctor.py                       the channel plugins' own doctor migrations (streaming
                                            and dm aliases, Telegram, talk)
    channel_contracts.py signal_transport.py  the rest of each channel plugin's doctor contract
                                            (retired and moved settings, Signal's transports)
    beyond_doctor.py                        forms older releases accepted that 2026.9.6 refuses and
                                            its doctor does not migrate (browser relay, MCP "http")
    onload.py                               the legacy forms OpenClaw converts every time it loads a
                                            config (written out, so the file says what runs)
    retired.py                              keys the release data shows retired (migrations.json,
                                            and the schemas of the release a config was written
                                            for and of the target), and retired values

A migration is `Migration(id, describe, apply)`; `apply(tree)` reads `tree` and calls its
operations, each with the reason the user is shown (oclc's words; the facts are OpenClaw's, from
../shared/spec/openclaw-2026.9.6-doctor-migrations.md and doctor's code). What needs a person's
decision is reported with `tree.decide(path, what to decide)`.
"""
from __future__ import annotations

from . import (
    agents,
    beyond_doctor,
    channel_contracts,
    channel_doctor,
    channels,
    gateway,
    models,
    onload,
    retired,
    runtime,
    signal_transport,
    tools,
)
from .common import DOCTOR_RELEASE, Migration

__all__ = ["DOCTOR_RELEASE", "Migration", "all_migrations", "channel_plugin_migrations", "doctor_migrations"]



def doctor_migrations() -> list[Migration]:
    """The 82 migrations of `openclaw doctor --fix`, in its order."""
    return [*channels.MIGRATIONS, *agents.MIGRATIONS_FIRST, *gateway.MIGRATIONS, *models.MIGRATIONS,
            *tools.MIGRATIONS_PROVIDERS, *runtime.MIGRATIONS, *tools.MIGRATIONS_POLICY,
            *agents.MIGRATIONS_ROSTER, *tools.MIGRATIONS_WEB_SEARCH]


def channel_plugin_migrations() -> list[Migration]:
    """The channel plugins' own doctor contracts, which doctor runs after its core migrations.
    A few run before the streaming aliases, as their channel's contract orders them."""
    return [*signal_transport.MIGRATIONS_BEFORE_ALIASES, *channel_contracts.MIGRATIONS_BEFORE_ALIASES,
            *channel_doctor.MIGRATIONS, *channel_contracts.MIGRATIONS_AFTER_ALIASES,
            *signal_transport.MIGRATIONS_AFTER_ALIASES]


def all_migrations(source_release: str | None, target_release: str) -> list[Migration]:
    """Doctor's 82, the channel plugins' own, install records, the forms converted on load, and
    what the release data says is retired. For another target only the release data applies."""
    own = ([*doctor_migrations(), *channel_plugin_migrations(), *runtime.MIGRATIONS_STATE, *onload.MIGRATIONS,
            *beyond_doctor.MIGRATIONS]
           if target_release == DOCTOR_RELEASE else [])
    return [*own, *retired.migrations(source_release, target_release)]
