"""Memory settings while a large world is generated: freed memory is reused instead of faulted in afresh.

Generation allocates and frees many arrays of hundreds of MB. By default glibc gives each such array its own
`mmap` and returns it on free, so the next one page-faults and zeroes its memory again, and NumPy asks for
transparent huge pages on them, which on a busy machine makes the kernel compact memory on those faults:
at scale 100 that kernel time was larger than the computing itself. Inside `reused_memory()` large
allocations come from the heap, freed memory stays there for the next array, and no huge pages are asked
for; on leaving, the previous settings return and the heap is trimmed. Elsewhere than glibc (musl, macOS)
only the huge-page setting changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from contextlib import contextmanager

try:
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # NumPy < 2
    from numpy.core.multiarray import _set_madvise_hugepage  # type: ignore[no-redef]

M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4  # mallopt parameters (malloc.h)
GLIBC_TRIM_THRESHOLD, GLIBC_MMAP_MAX = 128 * 1024, 65536  # glibc's defaults
KEEP_FREED = 2**31 - 1  # the largest threshold mallopt takes: keep up to 2 GB of freed heap while generating


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


@contextmanager
def reused_memory() -> Iterator[None]:
    libc = _glibc()
    huge_pages = _set_madvise_hugepage(False)
    if libc is not None:
        libc.mallopt(M_MMAP_MAX, 0)
        libc.mallopt(M_TRIM_THRESHOLD, KEEP_FREED)
    try:
        yield
    finally:
        _set_madvise_hugepage(huge_pages)
        if libc is not None:
            libc.mallopt(M_MMAP_MAX, GLIBC_MMAP_MAX)
            libc.mallopt(M_TRIM_THRESHOLD, GLIBC_TRIM_THRESHOLD)
            libc.malloc_trim(0)
