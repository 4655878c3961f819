"""The de-duplication index answers exactly as a dict would, in memory, merged into runs and on disk."""

import numpy as np
import pytest

from piguard import native
from piguard.count.keyindex import KeyIndex, distinct, split


@pytest.mark.parametrize("tiny", [dict(), dict(run_max=300, memory=20_000, frozen_max=2_000, release_pages=1)])
def test_index_matches_a_dict(tiny, kernels):
    rng = np.random.default_rng(1)
    pool = rng.integers(0, 256, size=(5000, 16), dtype=np.uint8)
    pool[100:110, :8] = pool[99, :8]                 # keys sharing their first 8 bytes, told apart by the rest
    index, ref = KeyIndex(**tiny), {}
    for _ in range(300):
        idx = np.unique(rng.integers(0, 5000, size=int(rng.integers(1, 200))))
        mask = 1 << int(rng.integers(0, 3))
        known, before = index.merge(pool[idx], mask)
        for j, i in enumerate(idx.tolist()):
            key = bytes(pool[i])
            assert (bool(known[j]), int(before[j])) == (key in ref, ref.get(key, 0))
            ref[key] = ref.get(key, 0) | mask
    assert len(index) == len(ref)
    if tiny:
        assert index.on_disk and len(index._frozen) >= 2
        folder = index._dir
        index.close()
        assert not folder.exists() and len(index) == len(ref)


def test_split_halves():
    d = np.arange(32, dtype=np.uint8).reshape(2, 16)
    hi, lo = split(d)
    assert hi[0] == int.from_bytes(bytes(range(8)), "little") and lo[1] == int.from_bytes(bytes(range(24, 32)), "little")


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("share_hi", [False, True])
def test_distinct_is_numpy_unique(share_hi, compiled, monkeypatch):
    if not compiled:
        monkeypatch.setattr(native, "_native", None)
    elif not native.available():
        pytest.skip("piguard._native not built")
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 256, size=(300, 16), dtype=np.uint8)
    if share_hi:                        # different digests with the same first word: the exact fallback
        keys[:150, :8] = keys[0, :8]
    digests = keys[rng.integers(0, 300, size=2000)]
    first, inverse = distinct(digests)
    _, want_first, want_inverse = np.unique(digests.view("V16").ravel(), return_index=True, return_inverse=True)
    assert np.array_equal(np.sort(first), np.sort(want_first))
    # the same partition of the rows, and each group's first row is its earliest occurrence
    assert np.array_equal(first[inverse], want_first[want_inverse.reshape(-1)])
    assert distinct(np.zeros((0, 16), dtype=np.uint8))[0].size == 0


def test_a_grown_table_holds_the_same_keys_and_masks(kernels):
    from piguard.count.keyindex import _Table
    rng = np.random.default_rng(7)
    hi, lo = split(rng.integers(0, 256, size=(3000, 16), dtype=np.uint8))
    lo[:50] = lo[50:100]                                    # keys sharing a half with others
    table = _Table(8192)
    for k, part in enumerate(np.array_split(np.arange(3000), 3)):
        table.merge(hi[part], lo[part], 1 << k)
    table.merge(hi[:500], lo[:500], 8)                       # known keys gain a bit
    before = sorted(zip(*(a.tolist() for a in table.drain())))
    for k, part in enumerate(np.array_split(np.arange(3000), 3)):
        table.merge(hi[part], lo[part], 1 << k)
    table.merge(hi[:500], lo[:500], 8)
    bigger = table.grown(1 << 15)
    assert bigger.size == 1 << 15 and len(bigger) == 3000 and len(table) == 0
    known, masks = bigger.merge(hi[:600], lo[:600], 0)       # every key found where it now sits
    assert known.all() and (masks[:500] & 8).all() and not (masks[500:] & 8).any()
    assert sorted(zip(*(a.tolist() for a in bigger.drain()))) == before
