"""OC3xx: auth profiles and credentials, checked on the resolved model.

OpenClaw accepts any string in `auth.order` and any provider on a profile (spec 8.3, 8.4) and drops
what does not fit at request time, silently. These rules say so before a request fails.
"""
from __future__ import annotations

import os

from ..diagnostics import ERROR, WARNING
from ..diagnostics.registry import rule
from ..resolve import auth_provider, known_provider, provider_table
from .resolved import Findings, emit, hint, quoted_list


def _stored_profiles(model) -> dict:
    """Every profile in every store an agent of this config reads (with --state-dir)."""
    found = {}
    for agent in model.agents.values():
        for store in agent.stores:
            found.update(store.profiles)
    return found


def _known_ids(model) -> dict[str, None]:
    """Every configured or stored profile id, in order: a dict, so `in` is a lookup, not a scan
    (an auth.order of N ids against N profiles was quadratic)."""
    return dict.fromkeys([*model.profiles, *_stored_profiles(model)])


def _declared_provider(model, pid: str) -> str | None:
    declared = model.profiles.get(pid, {}).get("provider")
    if isinstance(declared, str) and declared.strip():
        return declared.strip().lower()
    stored = _stored_profiles(model).get(pid)
    return stored.provider.lower() if stored and stored.provider else None


def _order(model):
    order = model.value.get("auth", {}).get("order") if isinstance(model.value.get("auth"), dict) else None
    return order if isinstance(order, dict) else {}


@rule("OC301", "auth-order-unknown-profile", WARNING,
      "`auth.order` names a profile that is not configured.")
def order_unknown_profile(model):
    """What: an id listed in `auth.order.<provider>` is neither in `auth.profiles` nor (with
`--state-dir`) in any credential store.

Why: OpenClaw accepts any string here and skips ids it cannot find when it picks a credential,
without a word (a typo silently changes which key is used, or leaves none).

Example:
    auth: { profiles: { "anthropic:work": {...} }, order: { anthropic: ["anthropic:wrok"] } }

Fix: correct the id, or add the profile (`openclaw models auth paste-api-key`)."""
    known = _known_ids(model)
    where = "in auth.profiles or any credential store" if model.state is not None else "in auth.profiles"
    for provider, ids in _order(model).items():
        if not isinstance(ids, list):
            continue
        for index, pid in enumerate(ids):
            if isinstance(pid, str) and pid not in known:
                yield emit(model, order_unknown_profile, f"auth.order.{provider} lists {pid!r}, which is not "
                           f"{where}; OpenClaw skips it", ("auth", "order", provider, index), help=hint(pid, known))


@rule("OC302", "pinned-profile-unknown", WARNING,
      "A model ref pins an auth profile (`model@profile`) that is not configured.")
def pinned_profile_unknown(model):
    """What: a model ref ends in `@<profile>` and that profile is not in `auth.profiles` (nor in a
credential store, with `--state-dir`).

Why: a pinned profile is the only credential OpenClaw tries for that model; when it does not exist
the model cannot be called. (`@YYYYMMDD` dates and quantisation suffixes such as `@q4_k_m` are
part of the model id, not profiles.)

Example:
    agents: { defaults: { model: "anthropic/claude-sonnet-4-6@anthropic:wrok" } }

Without `--state-dir` the profile might exist only in a credential store, so this is then a
warning; with it, an error.

Fix: correct the profile id, or remove the suffix."""
    known = _known_ids(model)
    severity = ERROR if model.state is not None and not model.state.error else WARNING
    findings = Findings()
    for agent in model.agents.values():
        for ref in agent.chain:
            if ref.profile and ref.profile not in known and ref.path is not None:
                findings.add(emit(model, pinned_profile_unknown,
                                  f"{ref.raw!r} pins auth profile {ref.profile!r}, which is not configured",
                                  ref.path, help=hint(ref.profile, known), severity=severity))
    yield from findings


@rule("OC303", "auth-profile-wrong-provider", WARNING,
      "A profile is ordered (or pinned) under a provider it does not belong to.")
def profile_wrong_provider(model):
    """What: `auth.order.<provider>` (or a `model@profile` pin) names a profile whose `provider`
is a different one.

Why: OpenClaw only uses a profile for its own provider (aliases such as claude-cli -> anthropic
count as the same); the entry is dropped at request time.

Example:
    auth: { profiles: { "openai:main": { provider: "openai", mode: "api_key" } },
            order: { anthropic: ["openai:main"] } }

Fix: move the id to `auth.order.<its provider>`, or correct the profile's provider."""
    for provider, ids in _order(model).items():
        if not isinstance(ids, list):
            continue
        for index, pid in enumerate(ids):
            if not isinstance(pid, str):
                continue
            actual = _declared_provider(model, pid)
            if actual and auth_provider(actual) != auth_provider(str(provider).lower()):
                yield emit(model, profile_wrong_provider, f"{pid!r} belongs to provider {actual} but is ordered under "
                           f"{provider}; OpenClaw will not use it for {provider}", ("auth", "order", provider, index))
    findings = Findings()
    for agent in model.agents.values():
        for ref in agent.chain:
            if ref.profile and ref.path is not None and ref.provider:
                actual = _declared_provider(model, ref.profile)
                if actual and auth_provider(actual) != auth_provider(ref.provider):
                    findings.add(emit(model, profile_wrong_provider, f"{ref.raw!r} pins {ref.profile!r} (provider "
                                      f"{actual}) to a {ref.provider} model", ref.path))
    yield from findings


@rule("OC304", "auth-profile-id-mismatch", WARNING,
      "A profile id starts with one provider but the profile says another.")
def profile_id_mismatch(model):
    """What: a profile id follows the `<provider>:<name>` convention, but its `provider` field
names a different provider (OpenClaw does not check this, spec 8.4).

Why: the id is what `auth.order` and `@profile` pins refer to; an id that says "anthropic" for an
OpenAI key is how keys end up ordered under the wrong provider.

Example:
    auth: { profiles: { "anthropic:default": { provider: "openai", mode: "api_key" } } }

Fix: rename the profile or correct its provider."""
    for pid, profile in model.profiles.items():
        declared = profile.get("provider")
        if not isinstance(pid, str) or ":" not in pid or not isinstance(declared, str):
            continue
        prefix = pid.split(":", 1)[0].strip().lower()
        if known_provider(prefix) is None or not declared.strip():
            continue
        if auth_provider(prefix) != auth_provider(declared.strip().lower()):
            yield emit(model, profile_id_mismatch, f"profile {pid!r} is named for {prefix} but its provider is "
                       f"{declared!r}", ("auth", "profiles", pid, "provider"))


@rule("OC305", "auth-profile-mode-mismatch", WARNING,
      "A profile's `mode` contradicts the credential stored for it (needs --state-dir).")
def profile_mode_mismatch(model):
    """What: `auth.profiles.<id>.mode` says one kind of credential (api_key, token, oauth) and the
credential store holds another for that id.

Why: OpenClaw skips a declared profile whose stored type does not match its mode (mode `oauth`
also accepts a stored `token`); requests then fall through to the next credential.

Example:
    auth: { profiles: { "anthropic:me": { provider: "anthropic", mode: "api_key" } } }
    // while the store holds an OAuth login for anthropic:me

Fix: set `mode` to what the store holds, or store the right credential again."""
    stored = _stored_profiles(model)
    for pid, profile in model.profiles.items():
        mode, entry = profile.get("mode"), stored.get(pid)
        if entry is None or not isinstance(mode, str) or entry.type is None or mode == "aws-sdk":
            continue
        if mode != entry.type and not (mode == "oauth" and entry.type == "token"):
            yield emit(model, profile_mode_mismatch, f"profile {pid!r} has mode {mode!r} but the credential store "
                       f"holds credential type {entry.type!r}; OpenClaw skips it", ("auth", "profiles", pid, "mode"))


@rule("OC306", "auth-profile-not-stored", WARNING,
      "A configured profile has no credential in any store its agents read (needs --state-dir).")
def profile_not_stored(model):
    """What: `auth.profiles.<id>` exists in the config, but none of the credential stores the
agents read (their own, the shared store, the inherited store) holds that id.

Why: the config entry is only metadata; without a stored secret the profile is skipped. This is
common after copying a config to another machine, or when the key went to another agent.

Example:
    auth: { profiles: { "anthropic:work": { provider: "anthropic", mode: "api_key" } } }
    // linted with --state-dir ~/.openclaw, where no store holds anthropic:work

Fix: store the credential (`openclaw models auth paste-api-key --profile-id <id>`), or remove the entry."""
    if model.state is None or model.state.error:
        return
    stored = _stored_profiles(model)
    for pid, profile in model.profiles.items():
        if pid not in stored and profile.get("mode") != "aws-sdk":
            yield emit(model, profile_not_stored, f"profile {pid!r} has no credential in any store of the state dir",
                       ("auth", "profiles", pid), key=True)


@rule("OC307", "auth-profile-expired", WARNING,
      "A stored subscription token has expired (needs --state-dir).")
def profile_expired(model):
    """What: the credential store holds a `token` credential (a pasted setup token) for a profile
whose expiry time has passed. OAuth logins are not reported: OpenClaw refreshes them, and only
orders expired ones last.

Why: OpenClaw drops an expired token from the candidates, so requests fall through to the next
credential or fail.

Example:
    auth: { profiles: { "anthropic:me": { provider: "anthropic", mode: "token" } } }
    // the token stored for anthropic:me has an `expires` time in the past

Fix: log in again (`openclaw models auth login`) or paste a fresh token."""
    import time

    now = model.options.now_ms if model.options.now_ms is not None else int(time.time() * 1000)
    for pid, entry in sorted(_stored_profiles(model).items()):
        if entry.type == "token" and entry.expired(now):
            path = ("auth", "profiles", pid) if pid in model.profiles else ()
            yield emit(model, profile_expired, f"the stored token of profile {pid!r} has expired", path, key=True)


def _sources_text(provider_auth, stores_read: bool, env_known: bool) -> str:
    """What oclc knows to be missing for this provider, and what it could not check: a profile
    not stored is named with why, not called "no auth profile"."""
    info = known_provider(provider_auth.provider) or {}
    profiles = [c for c in provider_auth.candidates if c.kind == "profile"]
    parts = []
    if profiles:
        by_reason: dict[str, list[str]] = {}
        for candidate in profiles:
            by_reason.setdefault(_absent_reason(candidate.note), []).append(candidate.name)
        parts.extend(f"profile {names[0]} is {reason}" if len(names) == 1 else
                     f"profiles {', '.join(names)} are {reason}" for reason, names in by_reason.items())
    elif stores_read:
        parts.append("no auth profile configured or stored")
    else:
        parts.append("no auth profile configured (stored ones not checked: no --state-dir)")
    env = info.get("env", [])
    if env and env_known:
        parts.append(f"no {' or '.join(env)} in the given environment")
    key_path = f"models.providers.{provider_auth.provider}.apiKey"
    written = next((c for c in provider_auth.candidates if c.kind in ("config-key", "secret-ref") and c.name == key_path),
                   None)
    # A key that is written but unusable (its ${VAR} unset, empty) must not read as "no apiKey".
    parts.append(f"{key_path} is written but unusable ({written.note})" if written is not None and written.note
                 else f"no {key_path}")
    return ", ".join(parts)


def _absent_reason(note: str) -> str:
    return {"not in the credential store": "not in any credential store its agents read",
            "expired": "stored but expired"}.get(note, note or "not usable")


@rule("OC308", "no-credentials", WARNING,
      "An agent's model uses a provider for which no credential can be found.")
def no_credentials(model):
    """What: a provider in an agent's model chain (primary or fallbacks) has no credential source:
no usable auth profile, none of its environment variables, no `models.providers.<id>.apiKey`.

Why: the request fails with "No API key found for provider". oclc reports only what it knows:
an environment variable counts as missing only when oclc was given the gateway's environment
(`--env-file`, `--env-from-process`; without one, OC125 names the variables it could not check),
and a stored profile only when it read the credential stores (`--state-dir`). With both it is an
error; otherwise a warning that says what was not checked.

Example:
    agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } }   // and no ANTHROPIC_API_KEY

Fix: add a credential (`openclaw models auth paste-api-key --provider <id>`), set the provider's
env var, or set `models.providers.<id>.apiKey` to a `${VAR}` or SecretRef."""
    env_known = model.options.env_known
    state_read = model.state is not None and not model.state.error
    findings = Findings()
    reported: set[str] = set()

    def lacking(agent, provider: str) -> bool:
        pauth = agent.auth.get(provider)
        if pauth is None or not pauth.known:
            return False
        # Anything that may be there (an unchecked profile, an unread environment) is not a lack.
        return not any(c.present is not False for c in pauth.candidates)

    for agent in model.agents.values():
        if agent.primary_source == "default" and not (env_known and state_read):
            # Nothing configured at all: the built-in default route is not the user's choice, so
            # it is reported only when its missing credential is a fact.
            continue
        for ref in agent.chain:
            if not ref.resolved or ref.provider in reported or not lacking(agent, ref.provider):
                continue
            pauth = agent.auth[ref.provider]
            reported.add(ref.provider)
            # Agents see different stores (own + inherited): name only those left without a credential.
            lacking_agents = [a for a in model.agents.values()
                              if ref.provider in a.chain_providers and lacking(a, ref.provider)]
            users = [a.id for a in lacking_agents]
            stores_read = state_read and not any(a.stores_unreadable for a in lacking_agents)
            message = (f"no credential for provider {ref.provider} (used by agent{'s' if len(users) > 1 else ''} "
                       f"{', '.join(users)}): {_sources_text(pauth, stores_read, env_known)}")
            certain = stores_read and (env_known or not (known_provider(ref.provider) or {}).get("env"))
            findings.add(emit(model, no_credentials, message, ref.path or (),
                              severity=ERROR if certain else WARNING,
                              help=f"run `openclaw models auth paste-api-key --provider {pauth.auth_provider}`"
                                   + (f" or set {provider_table()['providers'].get(ref.provider, {}).get('env', [''])[-1]}"
                                      if (known_provider(ref.provider) or {}).get("env") else "")))
    yield from findings


@rule("OC309", "legacy-auth-file-ignored", WARNING,
      "An agent dir still has a retired auth-profiles.json that OpenClaw no longer reads (needs --state-dir).")
def legacy_auth_file(model):
    """What: `<agentDir>/auth-profiles.json` (or `auth.json`) holds credentials, but OpenClaw 2026.9.6
reads only the SQLite store `openclaw-agent.sqlite`.

Why: if the SQLite store is empty, requests fail with "requires legacy credential migration"; if
it has credentials, the file is ignored and may hold stale keys.

Example:
    agents: { entries: { main: {} } }
    // linted with --state-dir ~/.openclaw, where agents/main/agent/auth-profiles.json still lists keys

Fix: run `openclaw doctor --fix`, which migrates and archives the retired files."""
    state = model.state
    if state is None or state.error:
        return
    for agent in model.agents.values():
        if not agent.agent_dir:
            continue
        own = state.agent_store(agent.agent_dir)
        for legacy in state.legacy_files(agent.agent_dir):
            if not legacy.profiles:
                continue
            ids = quoted_list(sorted(legacy.profiles))
            shown = os.path.relpath(legacy.path, state.root)
            if own.profiles:
                message = (f"agent {agent.id}: {shown} is ignored (OpenClaw reads only its SQLite store); "
                           f"it still lists {ids}")
            else:
                message = (f"agent {agent.id}: credentials {ids} are only in the retired {shown}; "
                           f"OpenClaw will refuse to use them until `openclaw doctor --fix` migrates them")
            yield emit(model, legacy_auth_file, message, agent.path or (), key=True)



@rule("OC310", "state-store-unreadable", WARNING,
      "A credential store under --state-dir could not be read; credential checks are incomplete.")
def store_unreadable(model):
    """What: one of OpenClaw's SQLite stores under `--state-dir` cannot be read (corrupt, locked,
not a database), or the JSON in it is not JSON as OpenClaw's JSON.parse reads it (NaN, Infinity,
a truncated row: OpenClaw then reads the store as empty), or nests too deeply for oclc to read. A
`--state-dir` that does not exist at all is a usage error (exit 2), not this finding.

Why: oclc opens the stores read-only to see which credentials exist; when it cannot, findings
about missing or mismatched credentials may be wrong.

Example:
    oclc lint --state-dir ~/.openclaw openclaw.json5
    # agents/main/agent/openclaw-agent.sqlite was half-copied from a backup: "not a database"

Fix: point `--state-dir` at OpenClaw's state directory (default `~/.openclaw`), and check the file."""
    state = model.state
    if state is None:
        return
    if state.error:
        yield emit(model, store_unreadable, f"--state-dir: {state.error}", ())
        return
    seen = set()
    for agent in model.agents.values():
        for store in agent.stores:
            if store.error and store.path not in seen:
                seen.add(store.path)
                yield emit(model, store_unreadable, f"credential store {os.path.relpath(store.path, state.root)} is "
                           f"{store.error}", agent.path or (), key=True)
