"""The compiled kernels (``piguard._native``, C, no dependencies). Optional: where no C compiler is at
hand the package installs without them and :mod:`piguard.native` uses polars instead. The rest of the
project's metadata is in pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("piguard._native", ["src/piguard/_native.c"], optional=True,
                             extra_compile_args=["-O3", "-std=c11"])])
