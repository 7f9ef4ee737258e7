"""Invented content: never imported by the site itself.

offices    the fictional demo offices `load_demo` creates
synthetic  many generated offices for benchmarks (`generate_facilities`)
"""
