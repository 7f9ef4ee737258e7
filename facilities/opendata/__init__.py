"""Importing the national open data (WAM 障害福祉サービス等情報公表システム) into facility pages.

    wam        reading the CSV files: columns, encodings, the facts of one listing
    imports    creating and updating pages from those facts, keeping what staff wrote
    bulk       creating many pages at once (the page tree without per-page saves)
    estimates  nearest stations estimated from an office's coordinates

Run it with `manage.py import_wam FILE…`.
"""
