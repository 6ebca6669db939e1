"""Vault values: Ansible's own VaultLib decrypts them; :func:`decrypt_tree` replaces them in a loaded inventory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwarden.errors import InputError, Problem
from netwarden.model.yamlload import VaultText

if TYPE_CHECKING:
    from netwarden.model.inventory import InventoryData


class VaultDecrypter:
    """Decrypts vault data with Ansible's own VaultLib."""

    def __init__(self, password: str | None) -> None:
        self._password = password
        self._lib: Any = None

    def decrypt(self, ciphertext: str, source: str) -> str:
        if self._password is None:
            raise ValueError("vault-encrypted value and no vault password given "
                             "(--vault-password-file or NETWARDEN_VAULT_PASSWORD_FILE)")
        if self._lib is None:
            from ansible.parsing.vault import VaultLib, VaultSecret

            self._lib = VaultLib([("default", VaultSecret(self._password.encode()))])
        try:
            return str(self._lib.decrypt(ciphertext.encode()).decode("utf-8"))
        except Exception as e:  # ansible raises AnsibleError subclasses
            raise ValueError(f"cannot decrypt vault data: {e}") from None

    @classmethod
    def from_options(cls, password_file: str | None) -> VaultDecrypter:
        pf = password_file or os.environ.get("NETWARDEN_VAULT_PASSWORD_FILE") or os.environ.get(
            "ANSIBLE_VAULT_PASSWORD_FILE"
        )
        if not pf:
            return cls(None)
        try:
            return cls(Path(pf).read_text(encoding="utf-8").strip())
        except OSError as e:
            raise InputError([Problem(pf, "", "", f"cannot read vault password file: {e}")]) from None


def decrypt_tree(data: InventoryData, vault: VaultDecrypter | None) -> None:
    """Replace every VaultText in the loaded variables by its plaintext.

    Hosts share most of their values (every host's variables hold the ``all`` group's
    province-wide data), so each container is walked once: a container without vault values
    is returned as is, one with them is copied once and the copy is shared the same way the
    original was. A vault value is decrypted (or reported) once, at its first occurrence."""
    memo: dict[int, Any] = {}
    keep: list[Any] = []  # originals stay alive while their id() is a memo key
    scalars = (str, int, float, bool, type(None))

    def key_of(path: tuple[Any, ...]) -> str:
        parts: list[Any] = []
        while path:
            path, k = path
            parts.append(k)
        out = ""
        for k in reversed(parts):
            if isinstance(k, int):
                out += f"[{k}]"
            else:
                out += f".{k}" if out else str(k)
        return out

    def walk(v: Any, host: str, path: tuple[Any, ...]) -> Any:
        if isinstance(v, scalars):
            return v
        r = memo.get(id(v), memo)
        if r is not memo:
            return r
        keep.append(v)
        if isinstance(v, VaultText):
            if vault is None:
                data.problems.append(Problem(v.source, host, key_of(path), "vault-encrypted value and no vault "
                                             "password given (--vault-password-file)"))
                r = ""
            else:
                try:
                    r = vault.decrypt(v.ciphertext, v.source)
                except ValueError as e:
                    data.problems.append(Problem(v.source, host, key_of(path), str(e)))
                    r = ""
        elif isinstance(v, dict):
            changed = False
            out: dict[Any, Any] = {}
            for k, x in v.items():
                y = out[k] = walk(x, host, (path, k))
                changed = changed or y is not x
            r = out if changed else v
        elif isinstance(v, list):
            lst = [walk(x, host, (path, i)) for i, x in enumerate(v)]
            r = lst if any(y is not x for x, y in zip(lst, v, strict=True)) else v
        else:
            r = v
        memo[id(v)] = r
        return r

    data.all_vars = walk(data.all_vars, "", ())
    for h in data.hosts.values():
        h.vars = walk(h.vars, h.name, ())
