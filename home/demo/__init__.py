"""Invented content for `load_demo`: never imported by the site itself.

pages  the home page, the fixed pages, settings, menus, and the blocks other demos reuse
faq    the demo FAQ's questions and answers
"""
