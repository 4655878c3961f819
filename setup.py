"""The compiled kernels (``piguard._native``, C, no dependencies; ``piguard._hs``, C against libhs). Both are
optional: where no C compiler (or no libhs) is at hand the package installs without them and piguard uses
polars and the hyperscan package instead. The rest of the project's metadata is in pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("piguard._native", ["src/piguard/_native.c"], optional=True,
                             extra_compile_args=["-O3", "-std=c11"]),
                   # Hyperscan scans that collect their matches in C: only where libhs and its headers are
                   # installed (Debian: libhyperscan-dev); piguard uses the hyperscan package otherwise
                   Extension("piguard._hs", ["src/piguard/_hs.c"], optional=True, libraries=["hs"],
                             include_dirs=["/usr/include/hs", "/usr/local/include/hs"],
                             extra_compile_args=["-O2", "-std=c11"])])
