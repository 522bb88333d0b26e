"""Sealed ballots and a private key split among several holders (no domain words here).

The building blocks of a secret urn (ARCHITECTURE §2.6; the CNIL's 2019 recommendation on
electronic voting: ballots encrypted from the moment they are cast, the decryption key split
among several holders):

* a Curve25519 key pair per urn; each ballot is a libsodium *sealed box* to its public key
  (PyNaCl ``SealedBox``): anyone can seal, only the private key opens, and the box carries an
  ephemeral key, so two boxes of the same plaintext differ;
* plaintexts are padded to one fixed size before sealing, so a box's length says nothing about
  what it holds ("for" and "against" have different lengths);
* the private key is split with Shamir's scheme (pycryptodome ``Shamir``, which shares 16-byte
  secrets over GF(2^128): the 32-byte key is split as two halves with the same share indexes);
* each holder's share is locked under a key derived from their passphrase with Argon2id
  (libsodium ``crypto_pwhash``) and a ``SecretBox``, so nobody has to carry a file.

Python cannot promise to wipe memory: ``bytes`` are immutable and may be copied. What this
module promises is that the whole private key is never *stored*: it exists only in the memory
of the process that joins the shares, for the time of one count.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from Crypto.Protocol.SecretSharing import Shamir  # nosec B413 - pycryptodome, maintained
from nacl.bindings import crypto_box_SEALBYTES
from nacl.public import PrivateKey, PublicKey, SealedBox

#: Bytes of a Curve25519 key.
KEY_SIZE = 32
#: Every plaintext is padded to this many bytes before sealing (two length bytes included).
PLAINTEXT_SIZE = 96
#: Bytes of a sealed box of PLAINTEXT_SIZE bytes (ephemeral public key + MAC + padded text).
SEALED_SIZE = PLAINTEXT_SIZE + crypto_box_SEALBYTES
_HALF = KEY_SIZE // 2
#: Bytes of a passphrase salt (libsodium's crypto_pwhash salt size).
SALT_SIZE = nacl.pwhash.argon2id.SALTBYTES
#: The smallest work factors libsodium accepts: for tests only (instance configuration).
MIN_COST = (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
#: libsodium's "moderate" Argon2id work factors (about 0.7 s and 256 MiB on a server).
MODERATE_COST = (nacl.pwhash.argon2id.OPSLIMIT_MODERATE, nacl.pwhash.argon2id.MEMLIMIT_MODERATE)


class SealingError(ValueError):
    """A sealed box, a share or a set of shares that does not open."""


@dataclass(frozen=True)
class KeyPair:
    """An urn's key pair; ``private`` must never be written anywhere whole."""

    public: bytes
    private: bytes


@dataclass(frozen=True)
class Share:
    """One holder's share of a private key: Shamir index and 32 bytes (two 16-byte halves)."""

    index: int
    value: bytes


@dataclass(frozen=True)
class LockedShare:
    """A share encrypted under a passphrase: what the database stores for one holder."""

    index: int
    salt: bytes
    box: bytes
    opslimit: int
    memlimit: int


def new_key_pair() -> KeyPair:
    """Draw a fresh Curve25519 key pair from the operating system's random source."""
    private = PrivateKey.generate()
    return KeyPair(public=bytes(private.public_key), private=bytes(private))


def split_key(private: bytes, *, holders: int, threshold: int) -> list[Share]:
    """Split a 32-byte private key so that any ``threshold`` of ``holders`` shares rebuild it."""
    if len(private) != KEY_SIZE:
        raise SealingError("a private key has 32 bytes")
    if not 2 <= threshold <= holders:
        raise SealingError("the threshold must be at least 2 and at most the holders")
    low = Shamir.split(threshold, holders, private[:_HALF])
    high = Shamir.split(threshold, holders, private[_HALF:])
    return [Share(index=i, value=a + b) for (i, a), (j, b) in zip(low, high, strict=True) if i == j]


def join_shares(shares: Iterable[Share], public: bytes) -> bytes:
    """Rebuild the private key from enough shares, checked against the urn's public key.

    :raises SealingError: too few or wrong shares (the rebuilt key does not match ``public``).
    """
    chosen = {s.index: s.value for s in shares}
    if len(chosen) < 2:
        raise SealingError("at least two shares are needed")
    low = Shamir.combine([(i, v[:_HALF]) for i, v in chosen.items()])
    high = Shamir.combine([(i, v[_HALF:]) for i, v in chosen.items()])
    private = low + high
    if bytes(PrivateKey(private).public_key) != public:
        raise SealingError("the shares do not rebuild this urn's key")
    return private


def _passphrase_key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        passphrase.encode("utf-8"),
        salt,
        opslimit=opslimit,
        memlimit=memlimit,
    )


def lock_share(share: Share, passphrase: str, *, cost: tuple[int, int]) -> LockedShare:
    """Encrypt a share under a key derived from the holder's passphrase (Argon2id)."""
    opslimit, memlimit = cost
    salt = nacl.utils.random(SALT_SIZE)
    box = nacl.secret.SecretBox(_passphrase_key(passphrase, salt, opslimit, memlimit))
    return LockedShare(
        index=share.index,
        salt=salt,
        box=bytes(box.encrypt(share.value)),
        opslimit=opslimit,
        memlimit=memlimit,
    )


def unlock_share(locked: LockedShare, passphrase: str) -> Share:
    """Decrypt a share with its holder's passphrase.

    :raises SealingError: a wrong passphrase (the box's MAC does not verify).
    """
    key = _passphrase_key(passphrase, locked.salt, locked.opslimit, locked.memlimit)
    try:
        value = nacl.secret.SecretBox(key).decrypt(locked.box)
    except nacl.exceptions.CryptoError:
        raise SealingError("wrong passphrase") from None
    return Share(index=locked.index, value=value)


def seal(public: bytes, plaintext: bytes) -> bytes:
    """Seal a short plaintext to a public key, padded so that every box has the same length."""
    if len(plaintext) > PLAINTEXT_SIZE - 2:
        raise SealingError("plaintext too long to seal")
    padded = (
        len(plaintext).to_bytes(2, "big")
        + plaintext
        + secrets.token_bytes(PLAINTEXT_SIZE - 2 - len(plaintext))
    )
    return bytes(SealedBox(PublicKey(public)).encrypt(padded))


def open_sealed(private: bytes, box: bytes) -> bytes:
    """Open a sealed box with the private key and strip its padding.

    :raises SealingError: a box that was not sealed to this key or was altered.
    """
    try:
        padded = SealedBox(PrivateKey(private)).decrypt(box)
    except nacl.exceptions.CryptoError:
        raise SealingError("a sealed box does not open with this key") from None
    size = int.from_bytes(padded[:2], "big")
    if size > len(padded) - 2:
        raise SealingError("bad padding")
    return padded[2 : 2 + size]
