"""Tools for comparing offices (used most by social workers choosing with a client).

selection           the visitor's shortlist (候補リスト), kept in the session
comparison          offices side by side: one row per fact
export              the shortlist or a search as a CSV file
views               the shortlist, compare and export pages (routes of the directory page)
context_processors  the shortlist count in the header
"""
