"""newsfuse.heap: freed heap goes back to the OS (what keeps compare's RSS from climbing per event)."""
import gc
import os
import sys

import pytest

from newsfuse.heap import release_freed_memory


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not sys.platform.startswith("linux") or not os.path.exists("/proc/self/statm"),
                    reason="glibc malloc_trim and /proc: Linux only")
def test_freed_fragmented_heap_is_returned():
    # 1 KB blocks come from malloc (above pymalloc's 512 bytes); every 64th stays alive, so the freed
    # pages sit between live blocks where free() alone never hands them back
    blocks = [bytes(1000) + i.to_bytes(4, "little") for i in range(200_000)]
    survivors = blocks[::64]
    del blocks
    gc.collect()
    before = _rss_mb()
    assert release_freed_memory() is True
    after = _rss_mb()
    assert before - after > 50, (before, after)
    assert len(survivors) == 3125 and survivors[-1][-4:] == (199_936).to_bytes(4, "little")
